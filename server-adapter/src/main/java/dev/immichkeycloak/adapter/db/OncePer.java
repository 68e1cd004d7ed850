package dev.immichkeycloak.adapter.db;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Lets something happen at most once per interval (a purge, a log line during a flood), across threads. */
public final class OncePer {

    private final Duration interval;
    private final AtomicReference<Instant> last = new AtomicReference<>(Instant.EPOCH);

    public OncePer(Duration interval) {
        this.interval = interval;
    }

    /** True for the first caller of an interval. */
    public boolean tryAcquire(Instant now) {
        Instant previous = last.get();
        return !now.isBefore(previous.plus(interval)) && last.compareAndSet(previous, now);
    }
}
