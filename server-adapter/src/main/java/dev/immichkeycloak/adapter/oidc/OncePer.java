package dev.immichkeycloak.adapter.oidc;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Lets something happen at most once per interval (a log line during a flood), across threads. */
final class OncePer {

    private final Duration interval;
    private final AtomicReference<Instant> last = new AtomicReference<>(Instant.EPOCH);

    OncePer(Duration interval) {
        this.interval = interval;
    }

    /** True for the first caller of an interval. */
    boolean tryAcquire(Instant now) {
        Instant previous = last.get();
        return !now.isBefore(previous.plus(interval)) && last.compareAndSet(previous, now);
    }
}
