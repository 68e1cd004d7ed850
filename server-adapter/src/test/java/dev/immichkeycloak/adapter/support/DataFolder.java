package dev.immichkeycloak.adapter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * An app started by a test extension (which has no {@code @TempDir} of its own) on a throwaway data folder; closing it closes the
 * app and deletes the folder. Kept in a test's extension store, it is closed when the test ends.
 */
public record DataFolder<T extends AutoCloseable>(T app, Path folder) implements AutoCloseable {

    /** Creates a folder named {@code prefix…} and starts the app on it; the folder is deleted if the start fails. */
    public static <T extends AutoCloseable> DataFolder<T> start(String prefix, Function<Path, T> start) {
        Path folder;
        try {
            folder = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new DataFolder<>(start.apply(folder), folder);
        } catch (RuntimeException | AssertionError e) {
            delete(folder);
            throw e;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            app.close();
        } finally {
            delete(folder);
        }
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
