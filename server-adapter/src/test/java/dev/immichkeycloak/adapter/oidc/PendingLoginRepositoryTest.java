package dev.immichkeycloak.adapter.oidc;

import dev.immichkeycloak.adapter.testing.MutableClock;
import dev.immichkeycloak.adapter.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PendingLoginRepositoryTest {

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock();
    private DataSource dataSource;
    private PendingLoginRepository repository;

    @BeforeEach
    void setUp() {
        dataSource = TestDatabase.migrated(folder);
        repository = new PendingLoginRepository(dataSource, clock, 100, 100);
    }

    private PendingLogin login(String state, LoginFlow flow, String userId) {
        Instant now = clock.instant();
        return new PendingLogin(Hashes.sha256Hex(state), "nonce-" + state, "verifier-" + state, null, "https://photos.example/auth/login",
                "https://idp.example/realms/immich", flow, userId, "client-1", now, now.plus(Duration.ofMinutes(10)));
    }

    @Test
    void a_saved_login_is_returned_once_with_every_field() {
        repository.save(login("s1", LoginFlow.LINK, "user-7"));

        PendingLogin consumed = repository.consume("s1");

        assertThat(consumed.nonce()).isEqualTo("nonce-s1");
        assertThat(consumed.codeVerifier()).isEqualTo("verifier-s1");
        assertThat(consumed.codeChallenge()).isNull();
        assertThat(consumed.redirectUri()).isEqualTo("https://photos.example/auth/login");
        assertThat(consumed.issuer()).isEqualTo("https://idp.example/realms/immich");
        assertThat(consumed.flow()).isEqualTo(LoginFlow.LINK);
        assertThat(consumed.userId()).isEqualTo("user-7");
        assertThat(consumed.expiresAt()).isEqualTo(consumed.createdAt().plus(Duration.ofMinutes(10)));
        assertThatThrownBy(() -> repository.consume("s1"))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.STATE_MISMATCH));
    }

    @Test
    void an_unknown_state_is_a_state_mismatch() {
        assertThatThrownBy(() -> repository.consume("never-issued"))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.STATE_MISMATCH));
    }

    @Test
    void an_expired_login_is_state_expired_and_gone_afterwards() {
        repository.save(login("old", LoginFlow.LOGIN, null));
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertThatThrownBy(() -> repository.consume("old"))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.STATE_EXPIRED));
        assertThatThrownBy(() -> repository.consume("old"))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.STATE_MISMATCH));
    }

    @Test
    void the_state_itself_is_not_stored() throws Exception {
        repository.save(login("secret-state-value", LoginFlow.LOGIN, null));

        try (Connection connection = dataSource.getConnection();
             ResultSet rows = connection.createStatement().executeQuery("SELECT state_hash FROM oauth_pending_login")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).hasSize(64).doesNotContain("secret-state-value");
        }
    }

    @Test
    void of_many_concurrent_consumes_exactly_one_wins() throws Exception {
        repository.save(login("race", LoginFlow.LOGIN, null));
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Callable<Boolean> attempt = () -> {
                start.await();
                try {
                    repository.consume("race");
                    return true;
                } catch (OAuthFailure failure) {
                    return false;
                }
            };
            results.add(pool.submit(attempt));
        }
        start.countDown();
        int winners = 0;
        for (Future<Boolean> result : results) {
            winners += result.get() ? 1 : 0;
        }
        pool.shutdown();

        assertThat(winners).isEqualTo(1);
    }

    @Test
    void purge_removes_only_expired_rows() {
        repository.save(login("a", LoginFlow.LOGIN, null));
        clock.advance(Duration.ofMinutes(6));
        repository.save(login("b", LoginFlow.LOGIN, null));
        clock.advance(Duration.ofMinutes(5));

        assertThat(repository.purgeExpired()).isEqualTo(1);
        assertThat(repository.consume("b").nonce()).isEqualTo("nonce-b");
    }

    private PendingLogin loginOf(String client, String state) {
        Instant now = clock.instant();
        return new PendingLogin(Hashes.sha256Hex(state), "nonce-" + state, "verifier-" + state, null, "https://photos.example/auth/login",
                "https://idp.example/realms/immich", LoginFlow.LOGIN, null, client, now, now.plus(Duration.ofMinutes(10)));
    }

    @Test
    void a_client_over_its_cap_evicts_its_own_oldest_and_nobody_elses() {
        PendingLoginRepository small = new PendingLoginRepository(dataSource, clock, 100, 2);
        small.save(loginOf("victim", "v1"));
        for (int i = 1; i <= 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            small.save(loginOf("flooder", "f" + i));
        }

        assertThat(small.consume("v1").nonce()).isEqualTo("nonce-v1");
        assertThat(small.consume("f5").nonce()).isEqualTo("nonce-f5");
        assertThat(small.consume("f4").nonce()).isEqualTo("nonce-f4");
        assertThatThrownBy(() -> small.consume("f3")).isInstanceOfSatisfying(OAuthFailure.class,
                f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.STATE_MISMATCH));
    }

    @Test
    void over_the_overall_cap_the_oldest_go_and_a_new_login_is_never_refused() {
        PendingLoginRepository small = new PendingLoginRepository(dataSource, clock, 3, 3);
        for (int i = 1; i <= 6; i++) {
            clock.advance(Duration.ofSeconds(1));
            small.save(loginOf("client-" + i, "s" + i));
        }

        assertThat(small.consume("s6").nonce()).isEqualTo("nonce-s6");
        assertThat(small.consume("s4").nonce()).isEqualTo("nonce-s4");
        assertThatThrownBy(() -> small.consume("s3")).isInstanceOf(OAuthFailure.class);
    }

    @Test
    void a_state_chosen_twice_by_a_client_is_refused_the_second_time() {
        repository.save(login("dup", LoginFlow.LOGIN, null));

        assertThatThrownBy(() -> repository.save(login("dup", LoginFlow.LOGIN, null)))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.STATE_MISMATCH));
    }

    @Test
    void used_logout_token_ids_are_refused_until_they_expire() {
        UsedLogoutTokenRepository used = new UsedLogoutTokenRepository(dataSource, clock);

        assertThat(used.markUsed("https://idp", "jti-1", clock.instant().plusSeconds(180))).isTrue();
        assertThat(used.markUsed("https://idp", "jti-1", clock.instant().plusSeconds(180))).isFalse();
        assertThat(used.markUsed("https://other-idp", "jti-1", clock.instant().plusSeconds(180))).isTrue();
        clock.advance(Duration.ofSeconds(181));
        assertThat(used.markUsed("https://idp", "jti-1", clock.instant().plusSeconds(180))).isTrue();
    }
}
