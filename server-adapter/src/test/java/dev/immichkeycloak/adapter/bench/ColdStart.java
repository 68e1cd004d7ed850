package dev.immichkeycloak.adapter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One cold start of the packaged adapter: a fresh JVM on a free loopback port with the environment a user sets (port, host,
 * data folder, public URL), timed from the process spawn to the first answered {@code GET /api/server/ping} (polled every
 * 5 ms with a bare HTTP/1.1 request), then to the first answered {@code GET /api/server/config} (read from the database).
 * The adapter's start line ({@code started in N ms (JVM a, logging b, ...)}) gives the steps; the CPU time the process had used
 * when the ping was answered (all its threads, from {@code /proc}) says how much work the start was, which a busy machine
 * stretches less than the wall-clock time.
 */
record ColdStart(double pingMillis, double configMillis, double cpuMillis, Map<String, Double> steps, Path log) {

    private static final Pattern START_LINE = Pattern.compile("started in (\\d+) ms \\(([^)]*)\\)");
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** Starts {@code java <flags> -jar <jar>} on {@code dataDir}, waits for both answers, stops it (SIGTERM) and waits for the exit. */
    static ColdStart run(Path java, List<String> flags, Path jar, Path dataDir, Path log) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(flags);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("IMMICH_PORT", String.valueOf(port));
        builder.environment().put("IMMICH_HOST", "127.0.0.1");
        builder.environment().put("IMMICH_DATA", dataDir.toString());
        builder.environment().put("IMMICH_PUBLIC_URL", "http://127.0.0.1:" + port);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long spawn = System.nanoTime();
        Process process = builder.start();
        try {
            long ping = awaitAnswer(process, port, "/api/server/ping", spawn, log);
            double cpu = process.info().totalCpuDuration().map(duration -> duration.toNanos() / 1e6).orElse(Double.NaN);
            long config = awaitAnswer(process, port, "/api/server/config", spawn, log);
            return new ColdStart((ping - spawn) / 1e6, (config - spawn) / 1e6, cpu, steps(log), log);
        } finally {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Polls until {@code path} answers 200; returns System.nanoTime() at the answer. */
    private static long awaitAnswer(Process process, int port, String path, long spawn, Path log) throws InterruptedException {
        while (System.nanoTime() - spawn < TIMEOUT_NANOS) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The adapter exited (" + process.exitValue() + "); see " + log);
            }
            if (answers(port, path)) {
                return System.nanoTime();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("No answer on " + path + " within 60 s; see " + log);
    }

    /** One bare {@code GET} on 127.0.0.1:{@code port}: whether it answered {@code 200}. */
    static boolean answers(int port, String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[12];
            int read = 0;
            while (read < head.length) {
                int n = in.read(head, read, head.length - read);
                if (n < 0) {
                    return false;
                }
                read += n;
            }
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200");
        } catch (IOException e) {
            return false;
        }
    }

    /** The steps of the adapter's start line, e.g. {@code JVM -> 180.0, logging -> 95.0, ...}; empty when it has none. */
    private static Map<String, Double> steps(Path log) throws IOException {
        Map<String, Double> steps = new LinkedHashMap<>();
        for (int attempt = 0; attempt < 100 && steps.isEmpty(); attempt++) {
            Matcher line = START_LINE.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (line.find()) {
                for (String part : line.group(2).split(", ")) {
                    int space = part.lastIndexOf(' ');
                    steps.put(part.substring(0, space), Double.parseDouble(part.substring(space + 1)));
                }
                steps.put("in-process total", Double.parseDouble(line.group(1)));
            } else {
                sleepQuietly();
            }
        }
        return steps;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
