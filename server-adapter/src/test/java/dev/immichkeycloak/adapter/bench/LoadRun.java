package dev.immichkeycloak.adapter.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;

/** {@code count} logins by {@code parallel} workers (bounded by a time limit); the callback times and logins per second. */
public record LoadRun(List<Long> callbackNanos, List<Long> loginNanos, double seconds, int errors) {

    private static final Duration TIME_LIMIT = Duration.ofMinutes(3);

    public static LoadRun run(LoginDriver driver, int parallel, int count, IntFunction<String> subjectOf) {
        List<Long> callbacks = Collections.synchronizedList(new ArrayList<>(count));
        List<Long> logins = Collections.synchronizedList(new ArrayList<>(count));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<RuntimeException> firstError = new AtomicReference<>();
        long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long start = System.nanoTime();
        for (int t = 0; t < parallel; t++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count && System.nanoTime() < deadline; i = next.getAndIncrement()) {
                    try {
                        LoginDriver.Timing timing = driver.login(subjectOf.apply(i));
                        callbacks.add(timing.callbackNanos());
                        logins.add(timing.loginNanos());
                    } catch (RuntimeException e) {
                        errors.incrementAndGet();
                        firstError.compareAndSet(null, e);
                    }
                }
            });
        }
        pool.shutdown();
        try {
            if (!pool.awaitTermination(TIME_LIMIT.toSeconds() + 30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (firstError.get() != null) {
            System.out.println("bench: " + errors.get() + " failed logins, the first: " + firstError.get().getMessage());
        }
        return new LoadRun(List.copyOf(callbacks), List.copyOf(logins), seconds, errors.get());
    }

    public double p50() {
        return Stats.percentileMillis(callbackNanos, 50);
    }

    public double p99() {
        return Stats.percentileMillis(callbackNanos, 99);
    }

    public double loginsPerSecond() {
        return callbackNanos.size() / seconds;
    }
}
