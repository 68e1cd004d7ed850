package dev.immichkeycloak.adapter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged adapter ({@code target/server-adapter.jar}, so only in integration tests) as its own process on a free
 * loopback port, its output in {@code target/adapter-<name>.log}. {@link #kill()} is SIGKILL; {@link #close()} a normal stop.
 */
public final class AdapterProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "server-adapter.jar");

    private final Process process;
    private final String origin;

    private AdapterProcess(Process process, String origin) {
        this.process = process;
        this.origin = origin;
    }

    /** Starts the jar with {@code env} (the port, host and data folder are set here unless given) and waits until it answers. */
    public static AdapterProcess start(String name, Path dataDir, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("IMMICH_PORT", String.valueOf(freePort()));
        all.put("IMMICH_HOST", "127.0.0.1");
        all.put("IMMICH_DATA", dataDir.toString());
        String origin = "http://127.0.0.1:" + all.get("IMMICH_PORT");
        all.putIfAbsent("IMMICH_PUBLIC_URL", origin);
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("No " + JAR + ": the packaged adapter is built by mvn package");
        }
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString());
        builder.environment().putAll(all);
        Path log = Path.of("target", "adapter-" + name + ".log");
        builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            AdapterProcess adapter = new AdapterProcess(builder.start(), origin);
            adapter.awaitReady(log);
            return adapter;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + JAR, e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String origin() {
        return origin;
    }

    public URI uri(String path) {
        return URI.create(origin + path);
    }

    /** SIGKILL: no shutdown hook runs, as in a crash or an OOM kill. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady(Path log) {
        if (!answers(process, uri("/api/server/features"), Duration.ofMillis(100))) {
            close();
            throw new IllegalStateException("The adapter did not start; see " + log);
        }
    }

    /**
     * Polls {@code features} every {@code pollEvery} until it answers 200, for up to 60 s while {@code process} lives;
     * false when it never did.
     */
    public static boolean answers(Process process, URI features, Duration pollEvery) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline) && process.isAlive()) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(features).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            Concurrently.pause(pollEvery.toMillis());
        }
        return false;
    }

    /** A free port on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
