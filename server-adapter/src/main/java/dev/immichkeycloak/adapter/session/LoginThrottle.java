package dev.immichkeycloak.adapter.session;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Slows down password guessing (issue 8). Failed logins are counted under two keys: the account (the lower-cased email, known
 * or not) and the client address. The first {@value #FREE_FAILURES} failures of a key cost nothing; each further failure blocks
 * the key for a delay that doubles from 1 s, up to 60 s for an account (so someone else's guessing never locks the real user out
 * for longer than a minute at a time) and 300 s for an address. An attempt counts as a failure from the moment it is let through
 * ({@link #begin}) until it succeeds, so a burst of parallel guesses cannot all pass before the first failure is recorded. A
 * key is forgotten {@link #FORGET_AFTER} after its last failure, and at most {@value #MAX_KEYS} keys are kept: the one whose last
 * failure is oldest goes first, blocked keys last, so a flood of new keys cannot free a blocked one. In memory, per process.
 */
public final class LoginThrottle {

    public static final int FREE_FAILURES = 5;
    public static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    public static final Duration MAX_ACCOUNT_DELAY = Duration.ofSeconds(60);
    public static final Duration MAX_ADDRESS_DELAY = Duration.ofSeconds(300);
    public static final Duration FORGET_AFTER = Duration.ofMinutes(15);
    public static final int MAX_KEYS = 10_000;

    /** Which keys are blocked and for how long the longer block still lasts. */
    public record Block(Duration remaining, boolean account, boolean address) {

        /** {@code remaining} rounded up to whole seconds (at least 1), for {@code Retry-After}. */
        public long retryAfterSeconds() {
            long millis = remaining.toMillis();
            return Math.max(1, (millis + 999) / 1000);
        }
    }

    private enum Kind {
        ACCOUNT(MAX_ACCOUNT_DELAY), ADDRESS(MAX_ADDRESS_DELAY);

        private final Duration maxDelay;

        Kind(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }

    private record Key(Kind kind, String value) {
    }

    private static final class Entry {
        int failures;
        Instant lastFailure;
        Instant blockedUntil;
    }

    private final Clock clock;
    private final int maxKeys;
    /** In order of last failure, oldest first: expired entries and evictions come off the front. */
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();

    public LoginThrottle(Clock clock) {
        this(clock, MAX_KEYS);
    }

    LoginThrottle(Clock clock, int maxKeys) {
        this.clock = clock;
        this.maxKeys = maxKeys;
    }

    /**
     * Before a password is checked: the block on this account or address if either is blocked now; else the attempt is let
     * through and counted as a failure against both keys until {@link #succeeded} takes it back.
     */
    public synchronized Optional<Block> begin(String account, String address) {
        Instant now = clock.instant();
        forgetExpired(now);
        Optional<Block> block = blocked(account, address);
        if (block.isEmpty()) {
            fail(accountKey(account), now);
            fail(addressKey(address), now);
            evictOverflow(now);
        }
        return block;
    }

    /**
     * The password was right: the account starts again from nothing; the address only gets this attempt back (a success with
     * one's own account must not reset guesses at others).
     */
    public synchronized void succeeded(String account, String address) {
        entries.remove(accountKey(account));
        Entry entry = entries.get(addressKey(address));
        if (entry != null) {
            entry.failures = Math.max(0, entry.failures - 1);
            // It was not blocked when this attempt began; only this attempt's count could have blocked it.
            if (entry.failures <= FREE_FAILURES) {
                entry.blockedUntil = null;
            }
        }
    }

    /** The block on this account or address now, without counting anything (for tests and diagnostics). */
    synchronized Optional<Block> blocked(String account, String address) {
        Instant now = clock.instant();
        Duration accountWait = remaining(entries.get(accountKey(account)), now);
        Duration addressWait = remaining(entries.get(addressKey(address)), now);
        if (accountWait.isZero() && addressWait.isZero()) {
            return Optional.empty();
        }
        Duration wait = accountWait.compareTo(addressWait) >= 0 ? accountWait : addressWait;
        return Optional.of(new Block(wait, !accountWait.isZero(), !addressWait.isZero()));
    }

    private void evictOverflow(Instant now) {
        Iterator<Entry> oldestFirst = entries.values().iterator();
        while (entries.size() > maxKeys && oldestFirst.hasNext()) {
            if (remaining(oldestFirst.next(), now).isZero()) {
                oldestFirst.remove();
            }
        }
        Iterator<Entry> any = entries.values().iterator();
        while (entries.size() > maxKeys && any.hasNext()) {
            any.next();
            any.remove();
        }
    }

    synchronized int trackedKeys() {
        forgetExpired(clock.instant());
        return entries.size();
    }

    private void fail(Key key, Instant now) {
        Entry entry = entries.remove(key); // re-inserted at the end: the map stays in order of last failure
        if (entry == null) {
            entry = new Entry();
        }
        entry.failures++;
        entry.lastFailure = now;
        if (entry.failures > FREE_FAILURES) {
            entry.blockedUntil = now.plus(delay(entry.failures - FREE_FAILURES, key.kind().maxDelay));
        }
        entries.put(key, entry);
    }

    /** 1 s for the first failure past the free ones, doubling each time, never above {@code max}. */
    static Duration delay(int beyondFree, Duration max) {
        int doublings = Math.min(beyondFree - 1, 30);
        Duration delay = FIRST_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    private void forgetExpired(Instant now) {
        Iterator<Map.Entry<Key, Entry>> it = entries.entrySet().iterator();
        while (it.hasNext()) {
            Entry entry = it.next().getValue();
            if (entry.lastFailure.plus(FORGET_AFTER).isAfter(now)) {
                break; // the rest failed more recently
            }
            it.remove();
        }
    }

    private static Duration remaining(Entry entry, Instant now) {
        if (entry == null || entry.blockedUntil == null || !entry.blockedUntil.isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, entry.blockedUntil);
    }

    private static Key accountKey(String email) {
        return new Key(Kind.ACCOUNT, email == null ? "" : email.toLowerCase(Locale.ROOT));
    }

    private static Key addressKey(String address) {
        return new Key(Kind.ADDRESS, address == null ? "" : address);
    }
}
