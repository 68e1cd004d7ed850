package dev.immichkeycloak.adapter.api;

import static dev.immichkeycloak.adapter.support.TestApp.ADMIN_EMAIL;
import static dev.immichkeycloak.adapter.support.TestApp.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.LogCapture;
import dev.immichkeycloak.adapter.support.TestApp;
import dev.immichkeycloak.adapter.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 4 through HTTP: failed password logins are throttled per account and per client address (429 with
 * {@code Retry-After}), before bcrypt runs, and each failure is logged once with account and address but never the password.
 * The clock stands still unless a test moves it, so the timing is exact; {@code LoginThrottleTest} covers the schedule.
 */
class LoginThrottleApiTest {

    @TempDir
    Path dataDir;
    private final MutableClock clock = new MutableClock();
    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(dataDir, Map.of(), services -> AdapterExtensions.none(), clock);
        app.signUpAdminAndLogin();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private ApiResponse login(String email, String password, String... headers) {
        return app.post("/api/auth/login", app.json(Map.of("email", email, "password", password)), headers);
    }

    @Test
    void after_five_free_failures_the_sixth_blocks_the_account_even_for_the_right_password() {
        for (int i = 1; i <= 6; i++) {
            login(ADMIN_EMAIL, "wrong-password-" + i).expectStatus(401);
        }

        ApiResponse blocked = login(ADMIN_EMAIL, ADMIN_PASSWORD);

        blocked.expectStatus(429);
        assertThat(blocked.header("Retry-After")).isEqualTo("1");
        assertThat(blocked.json().get("message").asText()).isEqualTo("Too many failed login attempts, try again later");
        assertThat(blocked.json().get("error").asText()).isEqualTo("Too Many Requests");
        assertThat(blocked.json().get("statusCode").asInt()).isEqualTo(429);
        assertThat(blocked.json().get("reason").asText()).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(blocked.setCookies()).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        login(ADMIN_EMAIL, ADMIN_PASSWORD).expectStatus(201);
    }

    @Test
    void the_delay_doubles_with_each_further_failure() {
        for (int i = 1; i <= 6; i++) {
            login(ADMIN_EMAIL, "wrong-password").expectStatus(401);
        }
        clock.advance(Duration.ofSeconds(1));
        login(ADMIN_EMAIL, "wrong-password").expectStatus(401);

        assertThat(login(ADMIN_EMAIL, ADMIN_PASSWORD).expectStatus(429).header("Retry-After")).isEqualTo("2");
    }

    @Test
    void one_account_is_blocked_whatever_address_the_guesses_come_from() {
        for (int i = 1; i <= 6; i++) {
            login(ADMIN_EMAIL, "wrong-password", "X-Forwarded-For", "203.0.113." + i).expectStatus(401);
        }

        login(ADMIN_EMAIL, ADMIN_PASSWORD, "X-Forwarded-For", "198.51.100.7").expectStatus(429);
        // Another account from a fresh address is not affected.
        login("someone@example.com", "wrong-password", "X-Forwarded-For", "198.51.100.8").expectStatus(401);
    }

    @Test
    void one_address_is_blocked_whatever_accounts_it_guesses() {
        for (int i = 1; i <= 6; i++) {
            login("user" + i + "@example.com", "wrong-password", "X-Forwarded-For", "203.0.113.9").expectStatus(401);
        }

        ApiResponse blocked = login(ADMIN_EMAIL, ADMIN_PASSWORD, "X-Forwarded-For", "203.0.113.9");

        blocked.expectStatus(429);
        assertThat(blocked.json().get("reason").asText()).isEqualTo("TOO_MANY_ATTEMPTS");
        // The real user, from their own address, is not locked out by someone else's guesses at other accounts.
        login(ADMIN_EMAIL, ADMIN_PASSWORD, "X-Forwarded-For", "198.51.100.7").expectStatus(201);
    }

    @Test
    void a_successful_login_starts_the_account_count_again_but_not_the_addresss() {
        for (int i = 1; i <= 5; i++) {
            login(ADMIN_EMAIL, "wrong-password", "X-Forwarded-For", "203.0.113." + i).expectStatus(401);
        }
        login(ADMIN_EMAIL, ADMIN_PASSWORD, "X-Forwarded-For", "198.51.100.7").expectStatus(201);

        for (int i = 1; i <= 5; i++) {
            login(ADMIN_EMAIL, "wrong-password", "X-Forwarded-For", "203.0.113." + (10 + i)).expectStatus(401);
        }
        login(ADMIN_EMAIL, ADMIN_PASSWORD, "X-Forwarded-For", "198.51.100.7").expectStatus(201);

        // An attacker with an account of their own: guesses at others, then a login of their own, then more guesses.
        for (int i = 1; i <= 4; i++) {
            login("victim" + i + "@example.com", "guess", "X-Forwarded-For", "203.0.113.99").expectStatus(401);
        }
        login(ADMIN_EMAIL, ADMIN_PASSWORD, "X-Forwarded-For", "203.0.113.99").expectStatus(201);
        login("victim5@example.com", "guess", "X-Forwarded-For", "203.0.113.99").expectStatus(401);
        login("victim6@example.com", "guess", "X-Forwarded-For", "203.0.113.99").expectStatus(401); // the sixth failure
        login("victim7@example.com", "guess", "X-Forwarded-For", "203.0.113.99").expectStatus(429);
    }

    @Test
    void each_failure_is_logged_once_at_warn_with_account_and_address_but_never_the_password() {
        try (LogCapture logs = new LogCapture()) {
            login("Admin@Example.com", "s3cret-guess-77", "X-Forwarded-For", "203.0.113.50").expectStatus(401);
            login("ghost@example.com", "another-guess-88", "X-Forwarded-For", "203.0.113.51").expectStatus(401);

            List<String> warnings = logs.events().stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).containsExactly(
                    "Password login failed for account admin@example.com from 203.0.113.50",
                    "Password login failed for account ghost@example.com from 203.0.113.51");
            assertThat(logs.text()).doesNotContain("s3cret-guess-77", "another-guess-88");
        }
    }
}
