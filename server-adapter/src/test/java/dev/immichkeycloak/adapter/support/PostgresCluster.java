package dev.immichkeycloak.adapter.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway PostgreSQL cluster from Debian's {@code postgresql} package ({@code initdb} + {@code pg_ctl}, trust auth,
 * loopback only, fsync off), started once per test run and stopped at its end. As root it runs the server as the
 * {@code postgres} user, because {@code initdb} refuses root. Each test asks for a fresh database with {@link #newDatabase()}.
 */
public final class PostgresCluster implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private final Path binDir;
    private final Path baseDir;
    private final int port;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresCluster(Path binDir, Path baseDir, int port, boolean asPostgresUser) {
        this.binDir = binDir;
        this.baseDir = baseDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Starts a cluster; fails (never skips) with the fix when PostgreSQL is not installed. */
    public static PostgresCluster start() {
        Path binDir = findBinDir();
        try {
            Path baseDir = Files.createTempDirectory("adapter-pg-");
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "postgres", baseDir.toString()), false);
            }
            PostgresCluster cluster = new PostgresCluster(binDir, baseDir, freePort(), root);
            cluster.pg(List.of(binDir.resolve("initdb").toString(), "-D", baseDir.resolve("data").toString(), "-U", "postgres",
                    "--auth=trust", "-E", "UTF8", "--no-sync"));
            cluster.pg(List.of(binDir.resolve("pg_ctl").toString(), "-D", baseDir.resolve("data").toString(), "-o",
                    "-p " + cluster.port + " -k " + baseDir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                    "-l", baseDir.resolve("pg.log").toString(), "-w", "start"));
            return cluster;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the test PostgreSQL cluster", e);
        }
    }

    /** Creates an empty database and returns its JDBC URL (user {@code postgres}, no password). */
    public String newDatabase() {
        String name = "adapter_test_" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + name, e);
        }
        return url(name);
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Stops the server (fast shutdown), as a crash or maintenance would; {@link #startAgain()} brings it back. */
    public void stop() throws IOException {
        pg(List.of(binDir.resolve("pg_ctl").toString(), "-D", baseDir.resolve("data").toString(), "-m", "fast", "-w", "stop"));
    }

    public void startAgain() throws IOException {
        pg(List.of(binDir.resolve("pg_ctl").toString(), "-D", baseDir.resolve("data").toString(), "-o",
                "-p " + port + " -k " + baseDir + " -c listen_addresses=127.0.0.1 -c fsync=off",
                "-l", baseDir.resolve("pg.log").toString(), "-w", "start"));
    }

    @Override
    public void close() throws IOException {
        pg(List.of(binDir.resolve("pg_ctl").toString(), "-D", baseDir.resolve("data").toString(), "-m", "immediate", "stop"));
        run(List.of("rm", "-rf", baseDir.toString()), false);
    }

    private static Path findBinDir() {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                List<Path> found = versions.map(v -> v.resolve("bin")).filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .sorted().toList();
                if (!found.isEmpty()) {
                    return found.get(found.size() - 1);
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot list " + root, e);
            }
        }
        throw new IllegalStateException("PostgreSQL tests need Debian's server package: apt-get install -y postgresql "
                + "(no /usr/lib/postgresql/*/bin/initdb found)");
    }

    private void pg(List<String> command) throws IOException {
        run(command, asPostgresUser);
    }

    private static void run(List<String> command, boolean asPostgresUser) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("Timed out: " + full);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("Interrupted: " + full, e);
        }
        String output = new String(process.getInputStream().readAllBytes());
        if (process.exitValue() != 0) {
            throw new IOException("Failed (" + process.exitValue() + "): " + full + "\n" + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
