package dev.immichkeycloak.adapter.db;

import dev.immichkeycloak.adapter.config.AdapterSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The repository contract on the embedded H2 file database, with the URL the adapter uses by default. */
class RepositoriesOnH2Test extends RepositoryContract {

    @TempDir
    Path dataDir;

    @Override
    String newDatabaseUrl() {
        return AdapterSettings.defaultH2Url(dataDir);
    }

    @Override
    String username() {
        return "";
    }
}
