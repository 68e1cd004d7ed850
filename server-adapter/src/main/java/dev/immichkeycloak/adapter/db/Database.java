package dev.immichkeycloak.adapter.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.immichkeycloak.adapter.StartupSteps;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Opens the connection pool and brings the schema up to date with the Flyway migrations in {@code db/migration} (found through
 * the build's index of them, {@link MigrationIndex}, rather than by listing the jar).
 */
public final class Database {

    private Database() {
    }

    /** Opens a pool on {@code jdbcUrl} and migrates it; the caller closes the returned pool. */
    public static HikariDataSource open(String jdbcUrl, String username, String password) {
        return open(jdbcUrl, username, password, StartupSteps.NONE);
    }

    /** {@link #open(String, String, String)}, telling {@code steps} when the pool is open and when the schema is migrated. */
    public static HikariDataSource open(String jdbcUrl, String username, String password, StartupSteps steps) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (username != null && !username.isEmpty()) {
            config.setUsername(username);
        }
        if (password != null && !password.isEmpty()) {
            config.setPassword(password);
        }
        config.setPoolName("immich-adapter");
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(1);
        // A database that cannot be reached fails a request within 2 s (503 DATABASE_UNAVAILABLE), not after 30.
        config.setConnectionTimeout(1_500);
        config.setValidationTimeout(1_000);
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            config.addDataSourceProperty("connectTimeout", "2");
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        steps.done("pool");
        try {
            FluentConfiguration flyway = Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:" + MigrationIndex.FOLDER);
            MigrationIndex.load(Database.class.getClassLoader())
                    .ifPresent(index -> flyway.resourceProvider(index).javaMigrationClassProvider(index));
            flyway.load().migrate();
            steps.done("migrations");
            return dataSource;
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }
}
