package dev.immichkeycloak.adapter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;

/**
 * The training run for the class-data-sharing archive the build writes next to the jar ({@code server-adapter.jsa}): the
 * build starts this class with {@code -XX:ArchiveClassesAtExit=...} on the packaged jar. It starts the adapter as {@link Main}
 * does, on a free loopback port with a throw-away data folder, sends it the requests of a first visit (ping, server config,
 * the web page, the first admin's sign-up, a login, a wrong login, an unknown route), stops it and exits: the JVM then writes
 * every class that was loaded into the archive. It never fails the build: without the archive the jar still runs, only slower.
 */
final class ArchiveTraining {

    private static final String JSON = "application/json";

    private ArchiveTraining() {
    }

    public static void main(String[] args) {
        Path data = null;
        try {
            removeOldArchive();
            data = Files.createTempDirectory("immich-adapter-cds");
            int port = freePort();
            String origin = "http://127.0.0.1:" + port;
            Map<String, String> env = Map.of("IMMICH_HOST", "127.0.0.1", "IMMICH_PORT", String.valueOf(port),
                    "IMMICH_DATA", data.toString(), "IMMICH_PUBLIC_URL", origin);
            try (RunningAdapter adapter = Main.start(StartupTimes.atMain(), env)) {
                firstVisit(origin);
            }
            System.out.println("CDS training run done: the JVM writes the class-data-sharing archive as it exits");
        } catch (IOException | RuntimeException e) {
            System.out.println("CDS training run failed (" + e + "); the jar runs without the archive, only slower");
        } finally {
            if (data != null) {
                deleteQuietly(data);
            }
        }
        System.exit(0);
    }

    /**
     * Deletes the archive this run is to write, so that a JVM that cannot write one (no class-data sharing) leaves none rather
     * than one that belongs to an older jar.
     */
    private static void removeOldArchive() throws IOException {
        String flag = "-XX:ArchiveClassesAtExit=";
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith(flag)) {
                Files.deleteIfExists(Path.of(argument.substring(flag.length())));
            }
        }
    }

    private static void firstVisit(String origin) throws IOException {
        String admin = "{\"email\":\"cds@example.com\",\"password\":\"cds-training-only\",\"name\":\"CDS\"}";
        String login = "{\"email\":\"cds@example.com\",\"password\":\"cds-training-only\"}";
        for (String path : List.of("/api/server/ping", "/api/server/features", "/api/server/config", "/api/server/version", "/",
                "/auth/login", "/api/users/me", "/api/no-such-route")) {
            call(origin, "GET", path, null, null);
        }
        call(origin, "POST", "/api/auth/admin-sign-up", admin, null);
        String cookie = call(origin, "POST", "/api/auth/login", login, null);
        call(origin, "GET", "/api/users/me", null, cookie);
        call(origin, "GET", "/api/auth/status", null, cookie);
        call(origin, "POST", "/api/auth/logout", "", cookie);
        call(origin, "POST", "/api/auth/login", "{\"email\":\"cds@example.com\",\"password\":\"wrong\"}", null);
        call(origin, "POST", "/api/auth/login", "{not json", null);
    }

    /** Sends one request; returns the session cookies it set ({@code name=value; ...}), or null. */
    private static String call(String origin, String method, String path, String body, String cookie) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(origin + path).openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(10_000);
        if (cookie != null) {
            connection.setRequestProperty("Cookie", cookie);
        }
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", JSON);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = connection.getResponseCode();
        System.out.println("CDS training: " + method + " " + path + " " + status);
        try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (in != null) {
                in.readAllBytes();
            }
        }
        List<String> set = connection.getHeaderFields().get("Set-Cookie");
        connection.disconnect();
        if (set == null) {
            return null;
        }
        StringBuilder cookies = new StringBuilder();
        for (String header : set) {
            cookies.append(cookies.length() == 0 ? "" : "; ").append(header, 0, header.indexOf(';') < 0 ? header.length() : header.indexOf(';'));
        }
        return cookies.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.out.println("Could not delete " + folder + ": " + e.getMessage());
        }
    }
}
