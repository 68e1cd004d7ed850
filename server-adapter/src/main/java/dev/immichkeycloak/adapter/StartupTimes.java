package dev.immichkeycloak.adapter;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * The durations of the start-up steps, from the JVM's start to the server listening, for the one line the adapter logs when
 * it is ready: e.g. {@code started in 640 ms (JVM 120, logging 60, settings 5, ...)}.
 */
public final class StartupTimes implements StartupSteps {

    private final long mainNanos;
    private final long jvmMillis;
    private final List<String> steps = new ArrayList<>();
    private long last;

    private StartupTimes(long mainNanos, long jvmMillis) {
        this.mainNanos = mainNanos;
        this.jvmMillis = jvmMillis;
        this.last = mainNanos;
    }

    /** Call first thing in {@code main}: what came before (the JVM's own start, loading the main class) counts as "JVM". */
    public static StartupTimes atMain() {
        long now = System.nanoTime();
        return new StartupTimes(now, ManagementFactory.getRuntimeMXBean().getUptime());
    }

    @Override
    public void done(String step) {
        long now = System.nanoTime();
        steps.add(step + " " + millis(now - last));
        last = now;
    }

    /** {@code started in N ms (JVM a, step b, ...)}: the JVM's uptime when {@code main} began, then each step. */
    public String summary() {
        List<String> parts = new ArrayList<>();
        parts.add("JVM " + jvmMillis);
        parts.addAll(steps);
        return "started in " + (jvmMillis + millis(last - mainNanos)) + " ms (" + String.join(", ", parts) + ")";
    }

    private static long millis(long nanos) {
        return Math.round(nanos / 1_000_000.0);
    }
}
