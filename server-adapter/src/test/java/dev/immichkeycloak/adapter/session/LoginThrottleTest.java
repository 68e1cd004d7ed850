package dev.immichkeycloak.adapter.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The throttle's schedule on a clock the test moves: 5 free failures, then 1 s doubling to 60 s (account) or 300 s (address). */
class LoginThrottleTest {

    private static final String ACCOUNT = "alice@example.com";
    private static final String ADDRESS = "203.0.113.7";

    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    private Optional<Duration> waitFor(String account, String address) {
        return throttle.blocked(account, address).map(LoginThrottle.Block::remaining);
    }

    /** Fails once, waits out the block that follows and returns how long it was. */
    private Duration failAndWaitOut(String account, String address) {
        throttle.begin(account, address);
        Duration wait = waitFor(account, address).orElse(Duration.ZERO);
        clock.advance(wait);
        return wait;
    }

    @Test
    void the_first_five_failures_are_free_and_the_sixth_blocks_for_one_second() {
        for (int i = 1; i <= 5; i++) {
            throttle.begin(ACCOUNT, ADDRESS);
            assertThat(throttle.blocked(ACCOUNT, ADDRESS)).as("after failure %d", i).isEmpty();
        }

        throttle.begin(ACCOUNT, ADDRESS);

        LoginThrottle.Block block = throttle.blocked(ACCOUNT, ADDRESS).orElseThrow();
        assertThat(block.remaining()).isEqualTo(Duration.ofSeconds(1));
        assertThat(block.retryAfterSeconds()).isEqualTo(1);
        assertThat(block.account()).isTrue();
        assertThat(block.address()).isTrue();
        clock.advance(Duration.ofMillis(400));
        assertThat(throttle.blocked(ACCOUNT, ADDRESS).orElseThrow().retryAfterSeconds()).as("rounded up").isEqualTo(1);
        clock.advance(Duration.ofMillis(600));
        assertThat(throttle.blocked(ACCOUNT, ADDRESS)).isEmpty();
    }

    @Test
    void the_account_delay_doubles_to_a_cap_of_60_seconds() {
        List<Long> delays = new ArrayList<>();
        for (int i = 1; i <= 14; i++) {
            // A new address each time, so only the account key grows.
            delays.add(failAndWaitOut(ACCOUNT, "198.51.100." + i).toSeconds());
        }

        assertThat(delays).containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    @Test
    void the_address_delay_doubles_to_a_cap_of_300_seconds() {
        List<Long> delays = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            delays.add(failAndWaitOut("user" + i + "@example.com", ADDRESS).toSeconds());
        }

        assertThat(delays).containsExactly(0L, 0L, 0L, 0L, 0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L);
    }

    @Test
    void a_blocked_key_blocks_whatever_the_other_key_is() {
        for (int i = 1; i <= 6; i++) {
            throttle.begin(ACCOUNT, "198.51.100." + i);
        }

        LoginThrottle.Block block = throttle.blocked(ACCOUNT, "192.0.2.1").orElseThrow();
        assertThat(block.account()).isTrue();
        assertThat(block.address()).isFalse();
        assertThat(throttle.blocked("bob@example.com", "192.0.2.1")).isEmpty();
        assertThat(throttle.blocked("ALICE@example.com", "192.0.2.1")).as("the account key ignores case").isPresent();
    }

    @Test
    void a_success_clears_the_account_and_gives_the_address_back_only_its_own_attempt() {
        for (int i = 1; i <= 5; i++) {
            throttle.begin(ACCOUNT, ADDRESS);
        }

        throttle.begin(ACCOUNT, ADDRESS);
        throttle.succeeded(ACCOUNT, ADDRESS);

        assertThat(throttle.blocked(ACCOUNT, ADDRESS)).isEmpty();
        // Guessing at another account from the same address goes on counting: logging in with one's own account in between
        // must not reset it.
        throttle.begin("bob@example.com", ADDRESS);
        assertThat(waitFor("carol@example.com", ADDRESS)).contains(Duration.ofSeconds(1));
    }

    @Test
    void attempts_in_flight_count_so_a_parallel_burst_cannot_pass_together() {
        for (int i = 1; i <= 6; i++) {
            // Let through, password not yet checked.
            assertThat(throttle.begin(ACCOUNT, "198.51.100." + i)).isEmpty();
        }

        assertThat(throttle.begin(ACCOUNT, "192.0.2.1")).isPresent();
    }

    @Test
    void failures_are_forgotten_15_minutes_after_the_last_one() {
        for (int i = 1; i <= 5; i++) {
            throttle.begin(ACCOUNT, ADDRESS);
        }
        clock.advance(Duration.ofMinutes(14));
        throttle.begin(ACCOUNT, ADDRESS); // the sixth, within 15 minutes of the fifth
        assertThat(waitFor(ACCOUNT, ADDRESS)).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofMinutes(15));

        assertThat(throttle.trackedKeys()).isZero();
        throttle.begin(ACCOUNT, ADDRESS);
        assertThat(throttle.blocked(ACCOUNT, ADDRESS)).as("counting starts again").isEmpty();
    }

    @Test
    void at_most_10000_keys_are_kept_and_a_flood_of_new_keys_does_not_free_a_blocked_one() {
        for (int i = 1; i <= 6; i++) {
            throttle.begin(ACCOUNT, ADDRESS);
        }
        clock.advance(Duration.ofMillis(10));
        for (int i = 0; i < 6_000; i++) {
            throttle.begin("user" + i + "@example.com", "10.0." + (i / 250) + "." + (i % 250));
        }

        assertThat(throttle.trackedKeys()).isEqualTo(LoginThrottle.MAX_KEYS);
        assertThat(throttle.blocked(ACCOUNT, "192.0.2.1")).as("alice's key is blocked, so it stays").isPresent();
        assertThat(throttle.blocked("user5999@example.com", "192.0.2.1")).isEmpty(); // one failure each: not blocked
    }

    @Test
    void delays_never_overflow() {
        assertThat(LoginThrottle.delay(1, LoginThrottle.MAX_ACCOUNT_DELAY)).isEqualTo(Duration.ofSeconds(1));
        assertThat(LoginThrottle.delay(1_000_000, LoginThrottle.MAX_ADDRESS_DELAY)).isEqualTo(Duration.ofSeconds(300));
    }
}
