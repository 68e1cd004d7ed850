package dev.immichkeycloak.adapter.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data folder, readable by the adapter's user only (issue 8 item 7): the folder {@code 0700}, the files in it {@code 0600},
 * set explicitly whatever the umask. On a file system without POSIX permissions (Windows) nothing is changed.
 */
public final class PrivateFolder {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private final Path folder;

    public PrivateFolder(Path folder) {
        this.folder = folder;
    }

    /** Creates the folder if needed and makes it {@code 0700}. */
    public void create() throws IOException {
        Files.createDirectories(folder);
        if (posix()) {
            Files.setPosixFilePermissions(folder, FOLDER);
        }
    }

    /**
     * Makes the adapter's own files in the folder (those named {@code prefix*}: the database files, once the database is
     * open) {@code 0600}; links are not followed and other files are left alone.
     */
    public void restrictFiles(String prefix) {
        if (!posix()) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith(prefix) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(file, FILE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot restrict the permissions in " + folder, e);
        }
    }

    private boolean posix() {
        return folder.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
