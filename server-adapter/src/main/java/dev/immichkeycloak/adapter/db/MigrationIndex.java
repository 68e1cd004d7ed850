package dev.immichkeycloak.adapter.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.resource.LoadableResource;

/**
 * The SQL migrations named by {@code db/migration/index.txt}, which the build writes from the folder's files: with it Flyway
 * need not list every entry of the shaded jar (some 13,000, once for scripts and once for Java migrations) to find five files,
 * a tenth of a cold start. There are no Java migrations. Without the index (classes run from an IDE) Flyway scans as usual.
 */
final class MigrationIndex implements ResourceProvider, ClassProvider<JavaMigration> {

    static final String FOLDER = "db/migration";

    private final List<Script> scripts;

    private MigrationIndex(List<Script> scripts) {
        this.scripts = scripts;
    }

    /** The index on {@code loader}'s class path, or empty when the build wrote none. */
    static Optional<MigrationIndex> load(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream(FOLDER + "/index.txt")) {
            if (in == null) {
                return Optional.empty();
            }
            List<Script> scripts = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R"))
                    .map(String::trim)
                    .filter(name -> !name.isEmpty())
                    .map(name -> new Script(name, loader))
                    .toList();
            return Optional.of(new MigrationIndex(scripts));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the migration index", e);
        }
    }

    @Override
    public LoadableResource getResource(String name) {
        return scripts.stream().filter(script -> script.getRelativePath().equals(name)).findFirst().orElse(null);
    }

    /** As Flyway's own scanner: the scripts whose file name starts with {@code prefix} and ends with one of {@code suffixes}. */
    @Override
    public Collection<LoadableResource> getResources(String prefix, String[] suffixes) {
        return scripts.stream()
                .filter(script -> script.getFilename().startsWith(prefix)
                        && Arrays.stream(suffixes).anyMatch(suffix -> script.getFilename().endsWith(suffix)))
                .map(LoadableResource.class::cast)
                .toList();
    }

    @Override
    public Collection<Class<? extends JavaMigration>> getClasses() {
        return List.of();
    }

    /** One script, read as UTF-8 from the class path (as Flyway reads it, so its checksum is the same). */
    private static final class Script extends LoadableResource {

        private final String fileName;
        private final ClassLoader loader;

        Script(String fileName, ClassLoader loader) {
            this.fileName = fileName;
            this.loader = loader;
        }

        @Override
        public Reader read() {
            InputStream in = loader.getResourceAsStream(getAbsolutePath());
            if (in == null) {
                throw new IllegalStateException("The migration index names " + getAbsolutePath() + ", which is not on the class path");
            }
            return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder());
        }

        @Override
        public String getAbsolutePath() {
            return FOLDER + "/" + fileName;
        }

        @Override
        public String getAbsolutePathOnDisk() {
            URL url = loader.getResource(getAbsolutePath());
            return url == null ? getAbsolutePath() : url.getPath();
        }

        @Override
        public String getFilename() {
            return fileName;
        }

        @Override
        public String getRelativePath() {
            return fileName;
        }
    }
}
