package dev.immichkeycloak.adapter.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.config.AdapterSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.resource.LoadableResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationIndexTest {

    @TempDir
    Path dataDir;

    private final MigrationIndex index = MigrationIndex.load(getClass().getClassLoader()).orElseThrow();

    @Test
    void the_index_names_every_script_of_the_migration_folder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            assertThat(index.getResources("V", new String[] {".sql"}).stream().map(LoadableResource::getFilename))
                    .containsExactlyInAnyOrderElementsOf(files.map(file -> file.getFileName().toString())
                            .filter(name -> name.endsWith(".sql")).toList());
        }
        assertThat(index.getClasses()).isEmpty();
    }

    @Test
    void a_database_migrated_by_flyways_own_scan_validates_through_the_index() {
        String url = AdapterSettings.defaultH2Url(dataDir);
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration").load().migrate();

        Flyway indexed = Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration")
                .resourceProvider(index).javaMigrationClassProvider(index).load();

        assertThat(indexed.validateWithResult().validationSuccessful).isTrue();
        assertThat(indexed.info().applied()).hasSize(index.getResources("V", new String[] {".sql"}).size());
        assertThat(indexed.migrate().migrationsExecuted).isZero();
    }
}
