package dev.immichkeycloak.adapter.testing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The node packages of a test fixture folder, installed from its lock file by {@code npm ci}. */
public final class NpmPackages {

    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static final int LOG_TAIL_LINES = 40;

    private NpmPackages() {
    }

    /**
     * Runs {@code npm ci} in {@code folder} when its node_modules is missing or older than its package-lock.json; one JVM at a
     * time (a file lock, {@code lockFile}). npm's output is appended to {@code logFile}; a failure throws with its last lines.
     */
    public static void install(Path folder, Path lockFile, Path logFile) throws IOException, InterruptedException {
        Path installed = folder.resolve("node_modules/.package-lock.json");
        Path lock = folder.resolve("package-lock.json");
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.exists(installed) && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
                return;
            }
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            if (!npm.waitFor(NPM_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci in " + folder + " did not finish within " + NPM_TIMEOUT.toMinutes() + " min");
            }
            if (npm.exitValue() != 0) {
                throw new IllegalStateException("npm ci in " + folder + " failed with exit code " + npm.exitValue() + ". " + tail(logFile));
            }
        }
    }

    /** The last lines of {@code logFile}, for a failure message. */
    public static String tail(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return "Last lines of " + logFile + ":\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }
}
