package dev.immichkeycloak.adapter.bench;

import dev.immichkeycloak.adapter.support.AdapterProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged adapter ({@code target/server-adapter.jar}) as its own JVM with the given flags, on a free loopback port, its
 * output in {@code target/bench-adapter-<name>.log}; {@link #residentKb()} reads its VmRSS from {@code /proc}.
 */
public final class AdapterJvm implements AutoCloseable {

    /** The jar under test: {@code bench.jar}, else the one {@code mvn package} built. */
    public static final Path JAR = Path.of(System.getProperty("bench.jar", "target/server-adapter.jar"));

    private final Process process;
    private final String origin;
    private final long readyMillis;

    private AdapterJvm(Process process, String origin, long readyMillis) {
        this.process = process;
        this.origin = origin;
        this.readyMillis = readyMillis;
    }

    /** {@code jvmFlags}: java options, and {@code NAME=value} entries for the JVM's environment. */
    public static AdapterJvm start(String name, List<String> jvmFlags, Map<String, String> env) {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException("No " + JAR + ": build it first (mvn package)");
        }
        int port = AdapterProcess.freePort();
        String origin = "http://127.0.0.1:" + port;
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Map<String, String> flagEnv = new java.util.HashMap<>();
        for (String flag : jvmFlags) {
            // NAME=value is an environment variable for the JVM (e.g. MALLOC_ARENA_MAX=2), anything else a java option.
            if (flag.matches("[A-Z_]+=.*")) {
                flagEnv.put(flag.substring(0, flag.indexOf('=')), flag.substring(flag.indexOf('=') + 1));
            } else {
                command.add(flag);
            }
        }
        command.add("-jar");
        command.add(JAR.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        builder.environment().putAll(flagEnv);
        builder.environment().put("IMMICH_HOST", "127.0.0.1");
        builder.environment().put("IMMICH_PORT", String.valueOf(port));
        builder.environment().putIfAbsent("IMMICH_PUBLIC_URL", origin);
        Path log = Path.of("target", "bench-adapter-" + name + ".log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long begin = System.nanoTime();
        try {
            Process process = builder.start();
            if (!AdapterProcess.answers(process, URI.create(origin + "/api/server/features"), Duration.ofMillis(20))) {
                process.destroyForcibly();
                throw new IllegalStateException("The adapter did not start; see " + log);
            }
            return new AdapterJvm(process, origin, (System.nanoTime() - begin) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + JAR, e);
        }
    }

    public String origin() {
        return origin;
    }

    public long readyMillis() {
        return readyMillis;
    }

    /** CPU time (user + system) the adapter process has used so far, in milliseconds. */
    public long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second on Linux).
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** VmRSS of the adapter process, in KiB. */
    public long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no VmRSS for " + process.pid());
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
