package dev.immichkeycloak.adapter.db;

import dev.immichkeycloak.adapter.support.PostgresCluster;
import dev.immichkeycloak.adapter.support.PostgresExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/** The repository contract on a real PostgreSQL server (a throwaway cluster, see {@link PostgresCluster}). */
@ExtendWith(PostgresExtension.class)
class RepositoriesOnPostgresTest extends RepositoryContract {

    private final PostgresCluster cluster;

    RepositoriesOnPostgresTest(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    String newDatabaseUrl() {
        return cluster.newDatabase();
    }

    @Override
    String username() {
        return "postgres";
    }
}
