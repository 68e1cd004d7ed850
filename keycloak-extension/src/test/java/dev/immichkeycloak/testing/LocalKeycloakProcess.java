package dev.immichkeycloak.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Keycloak started with {@code kc.sh start-dev} from the unpacked keycloak-quarkus-dist: the backend wherever Docker is missing. */
final class LocalKeycloakProcess implements KeycloakBackend {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final int LOG_TAIL_LINES = 60;

    private final Process process;
    private final URI baseUrl;
    private final Path logFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Thread shutdownHook;

    private LocalKeycloakProcess(Process process, URI baseUrl, Path logFile, FileChannel lockChannel, FileLock lock) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.logFile = logFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
        // A test JVM that is killed must not leave Keycloak running.
        this.shutdownHook = new Thread(this::stopProcessTree, "keycloak-fixture-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static LocalKeycloakProcess start(FixtureSettings settings, String realm) {
        Path home = settings.keycloakHome();
        Path kcSh = home.resolve("bin/kc.sh");
        if (!Files.isExecutable(kcSh)) {
            throw new IllegalStateException("Keycloak distribution not found: " + kcSh + " is missing. The maven-dependency-plugin "
                    + "unpacks it in generate-test-resources (mvn -pl keycloak-extension generate-test-resources), or set -D"
                    + FixtureSettings.KEYCLOAK_HOME);
        }
        requireFile(settings.providerJar(), "provider jar (run 'mvn -pl keycloak-extension package' first)");
        requireFile(settings.realmFile(), "realm file");
        FileChannel lockChannel = null;
        try {
            // One Keycloak home serves one test JVM at a time: data/ and providers/ are shared.
            lockChannel = FileChannel.open(home.resolve(".fixture.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockChannel.tryLock();
            if (lock == null) {
                System.err.println("[keycloak-fixture] waiting for another test run that uses " + home);
                lock = lockChannel.lock();
            }
            prepareHome(home, settings);
            int httpPort = freePort();
            int managementPort = freePort();
            Files.createDirectories(settings.logFile().getParent());
            ProcessBuilder builder = new ProcessBuilder(kcSh.toString(), "start-dev",
                    "--http-host=127.0.0.1",
                    "--hostname=http://localhost:" + httpPort,
                    "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort,
                    "--health-enabled=true",
                    "--import-realm")
                    .directory(home.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(settings.logFile().toFile());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", settings.adminUsername());
            builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", settings.adminPassword());
            // The realm file's placeholders read these at import: the tests expect its development defaults, whatever the shell has.
            builder.environment().keySet().removeAll(List.of("IMMICH_PUBLIC_URL", "IMMICH_OIDC_SECRET"));
            LocalKeycloakProcess server = new LocalKeycloakProcess(builder.start(), URI.create("http://localhost:" + httpPort),
                    settings.logFile(), lockChannel, lock);
            try {
                server.awaitReady(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"),
                        URI.create("http://localhost:" + httpPort + "/realms/" + realm + "/.well-known/openid-configuration"));
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new UncheckedIOException("Could not start Keycloak from " + home, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** Provider copied only when its bytes changed (a new mtime alone costs a 20 s re-augmentation); fresh H2 so the realm imports. */
    private static void prepareHome(Path home, FixtureSettings settings) throws IOException {
        Path providers = Files.createDirectories(home.resolve("providers"));
        Path installed = providers.resolve(settings.providerJar().getFileName());
        if (!Files.exists(installed) || Files.mismatch(settings.providerJar(), installed) != -1L) {
            Files.copy(settings.providerJar(), installed, StandardCopyOption.REPLACE_EXISTING);
        }
        Path importDir = Files.createDirectories(home.resolve("data/import"));
        try (Stream<Path> old = Files.list(importDir)) {
            for (Path file : old.toList()) {
                Files.delete(file);
            }
        }
        Files.copy(settings.realmFile(), importDir.resolve(settings.realmFile().getFileName()));
        deleteRecursively(home.resolve("data/h2"));
    }

    private void awaitReady(URI health, URI discovery) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue() + " during start-up. "
                        + logTail());
            }
            if (answersOk(http, health) && answersOk(http, discovery)) {
                return;
            }
            sleep(Duration.ofMillis(250));
        }
        throw new IllegalStateException("Keycloak was not ready within " + START_TIMEOUT.toSeconds() + " s (" + health + ", "
                + discovery + "). " + logTail());
    }

    private static boolean answersOk(HttpClient http, URI uri) {
        try {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return "Last lines of " + logFile + ":\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ")";
        }
    }

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public String log() {
        try {
            return Files.readString(logFile);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot read Keycloak's log " + logFile, e);
        }
    }

    @Override
    public String description() {
        return "local Keycloak process " + process.pid() + " at " + baseUrl + ", log " + logFile;
    }

    @Override
    public void close() {
        stopProcessTree();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run; nothing left to unregister.
        }
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it as well.
        }
        closeQuietly(lockChannel);
    }

    /** SIGTERM to kc.sh (it forwards the signal to java), then SIGKILL to whatever of the tree is still alive. */
    private void stopProcessTree() {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : children) {
                child.onExit().get(STOP_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // fall through to the forced kill
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void requireFile(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("Keycloak fixture: " + what + " not found at " + file);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing useful to do at shutdown
            }
        }
    }
}
