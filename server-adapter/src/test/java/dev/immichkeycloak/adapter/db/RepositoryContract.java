package dev.immichkeycloak.adapter.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.immichkeycloak.adapter.config.SystemConfigRepository;
import dev.immichkeycloak.adapter.oidc.LoginFlow;
import dev.immichkeycloak.adapter.oidc.OAuthFailure;
import dev.immichkeycloak.adapter.oidc.PendingLogin;
import dev.immichkeycloak.adapter.oidc.PendingLoginRepository;
import dev.immichkeycloak.adapter.session.AuthType;
import dev.immichkeycloak.adapter.session.CreatedSession;
import dev.immichkeycloak.adapter.session.Session;
import dev.immichkeycloak.adapter.session.SessionRepository;
import dev.immichkeycloak.adapter.session.SessionService;
import dev.immichkeycloak.adapter.session.SessionTokens;
import dev.immichkeycloak.adapter.testing.MutableClock;
import dev.immichkeycloak.adapter.user.DuplicateUserException;
import dev.immichkeycloak.adapter.user.NewUser;
import dev.immichkeycloak.adapter.user.User;
import dev.immichkeycloak.adapter.user.UserRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The repositories' behaviour, run against each database the adapter supports (H2 and PostgreSQL subclasses). */
abstract class RepositoryContract {

    private static final String ISSUER = "https://sso.example.com/realms/immich";

    private HikariDataSource dataSource;
    private UserRepository users;
    private SessionService sessions;
    private SystemConfigRepository metadata;

    /** A JDBC URL of an empty database, new for every test. */
    abstract String newDatabaseUrl();

    abstract String username();

    @BeforeEach
    void open_database() {
        dataSource = Database.open(newDatabaseUrl(), username(), "");
        users = new UserRepository(dataSource, Clock.systemUTC());
        sessions = new SessionService(new SessionRepository(dataSource), new SessionTokens(new SecureRandom()), Clock.systemUTC(),
                Duration.ofDays(30));
        metadata = new SystemConfigRepository(dataSource);
    }

    @AfterEach
    void close_database() {
        dataSource.close();
    }

    @Test
    void pending_logins_over_a_clients_cap_and_over_the_overall_cap_evict_the_oldest() {
        MutableClock clock = new MutableClock();
        PendingLoginRepository pending = new PendingLoginRepository(dataSource, clock, 4, 2);
        for (String state : List.of("a1", "a2", "a3", "b1", "c1", "d1")) {
            clock.advance(Duration.ofSeconds(1));
            Instant now = clock.instant();
            pending.save(new PendingLogin(sha256Hex(state), "nonce-" + state, "verifier-" + state, null,
                    "https://photos.example/auth/login", ISSUER, LoginFlow.LOGIN, null, "client-" + state.charAt(0), now,
                    now.plus(Duration.ofMinutes(10))));
        }

        // a1 went for client a's cap of 2, a2 for the overall cap of 4.
        assertThatThrownBy(() -> pending.consume("a1")).isInstanceOf(OAuthFailure.class);
        assertThatThrownBy(() -> pending.consume("a2")).isInstanceOf(OAuthFailure.class);
        for (String state : List.of("a3", "b1", "c1", "d1")) {
            assertThat(pending.consume(state).nonce()).isEqualTo("nonce-" + state);
        }
    }

    private static String sha256Hex(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void expired_sessions_are_purged() {
        User user = users.insert(NewUser.oauth("purge@example.com", "Purge", ISSUER, "sub-purge", "purge", null, false));
        MutableClock clock = new MutableClock();
        SessionService shortLived = new SessionService(new SessionRepository(dataSource), new SessionTokens(new SecureRandom()), clock,
                Duration.ofDays(1));
        CreatedSession old = shortLived.create(user, AuthType.PASSWORD, null, null, "test");
        clock.advance(Duration.ofHours(23));
        CreatedSession recent = shortLived.create(user, AuthType.PASSWORD, null, null, "test");
        clock.advance(Duration.ofHours(2));

        assertThat(shortLived.purgeExpired()).isEqualTo(1);
        assertThat(shortLived.findByToken(old.token())).isEmpty();
        assertThat(shortLived.findByToken(recent.token())).isPresent();
    }

    @Test
    void inserted_user_is_found_by_id_email_and_oauth_link() {
        User user = users.insert(NewUser.oauth("Alice@Example.COM ", "Alice", ISSUER, "sub-1", "alice", 5L * 1024 * 1024 * 1024, false));

        assertThat(user.email()).isEqualTo("alice@example.com");
        assertThat(user.oauthIssuer()).isEqualTo(ISSUER);
        assertThat(user.oauthId()).isEqualTo("sub-1");
        assertThat(user.storageLabel()).isEqualTo("alice");
        assertThat(user.quotaSizeInBytes()).isEqualTo(5L * 1024 * 1024 * 1024);
        assertThat(user.shouldChangePassword()).isTrue();
        assertThat(user.passwordHash()).isNull();
        assertThat(user.createdAt()).isNotNull();
        assertThat(users.findById(user.id())).contains(user);
        assertThat(users.findByEmail("ALICE@example.com")).contains(user);
        assertThat(users.findByOAuth(ISSUER, "sub-1")).contains(user);
        assertThat(users.findByOAuth("https://other.example.com", "sub-1")).isEmpty();
        assertThat(users.count()).isEqualTo(1);
        assertThat(users.adminExists()).isFalse();
    }

    @Test
    void a_taken_email_in_any_case_is_an_email_conflict() {
        users.insert(local("bob@example.com", null));

        assertThatThrownBy(() -> users.insert(local("BOB@example.com", null)))
                .isInstanceOfSatisfying(DuplicateUserException.class,
                        e -> assertThat(e.conflict()).isEqualTo(DuplicateUserException.Conflict.EMAIL));
    }

    @Test
    void a_taken_storage_label_is_a_storage_label_conflict() {
        users.insert(local("a@example.com", "family"));

        assertThat(users.storageLabelExists("family")).isTrue();
        assertThat(users.storageLabelExists("other")).isFalse();
        assertThatThrownBy(() -> users.insert(local("b@example.com", "family")))
                .isInstanceOfSatisfying(DuplicateUserException.class,
                        e -> assertThat(e.conflict()).isEqualTo(DuplicateUserException.Conflict.STORAGE_LABEL));
    }

    @Test
    void a_taken_oauth_link_is_an_oauth_conflict_but_the_same_sub_at_another_issuer_is_not() {
        users.insert(NewUser.oauth("a@example.com", "A", ISSUER, "sub-1", null, null, false));

        assertThatThrownBy(() -> users.insert(NewUser.oauth("b@example.com", "B", ISSUER, "sub-1", null, null, false)))
                .isInstanceOfSatisfying(DuplicateUserException.class,
                        e -> assertThat(e.conflict()).isEqualTo(DuplicateUserException.Conflict.OAUTH_LINK));
        assertThat(users.insert(NewUser.oauth("c@example.com", "C", "https://other.example.com", "sub-1", null, null, false)).oauthId())
                .isEqualTo("sub-1");
    }

    @Test
    void many_unlinked_users_without_storage_label_can_exist() {
        users.insert(local("a@example.com", null));
        users.insert(local("b@example.com", null));

        assertThat(users.count()).isEqualTo(2);
    }

    @Test
    void link_and_unlink_change_the_oauth_identity() {
        User user = users.insert(local("a@example.com", null));
        User other = users.insert(local("b@example.com", null));

        User linked = users.linkOAuth(user.id(), ISSUER, "sub-9");
        assertThat(linked.isOAuthLinked()).isTrue();
        assertThat(users.findByOAuth(ISSUER, "sub-9")).map(User::id).contains(user.id());
        assertThatThrownBy(() -> users.linkOAuth(other.id(), ISSUER, "sub-9"))
                .isInstanceOfSatisfying(DuplicateUserException.class,
                        e -> assertThat(e.conflict()).isEqualTo(DuplicateUserException.Conflict.OAUTH_LINK));

        User unlinked = users.unlinkOAuth(user.id());
        assertThat(unlinked.oauthId()).isNull();
        assertThat(unlinked.oauthIssuer()).isNull();
        assertThat(users.findByOAuth(ISSUER, "sub-9")).isEmpty();
    }

    @Test
    void unlink_all_removes_every_link() {
        users.insert(NewUser.oauth("a@example.com", "A", ISSUER, "sub-1", null, null, true));
        users.insert(NewUser.oauth("b@example.com", "B", ISSUER, "sub-2", null, null, false));
        users.insert(local("c@example.com", null));

        assertThat(users.unlinkAll()).isEqualTo(2);
        assertThat(users.findByOAuth(ISSUER, "sub-1")).isEmpty();
        assertThat(users.findByOAuth(ISSUER, "sub-2")).isEmpty();
    }

    @Test
    void quota_and_role_can_be_updated_and_quota_cleared() {
        User user = users.insert(local("a@example.com", null));

        User updated = users.updateQuotaAndRole(user.id(), 1024L, true);
        assertThat(updated.quotaSizeInBytes()).isEqualTo(1024L);
        assertThat(updated.isAdmin()).isTrue();
        assertThat(users.adminExists()).isTrue();

        assertThat(users.updateQuotaAndRole(user.id(), null, false).quotaSizeInBytes()).isNull();
    }

    @Test
    void an_oauth_issuer_without_sub_is_refused() {
        assertThatThrownBy(() -> users.insert(new NewUser("a@example.com", "A", null, ISSUER, null, null, null, false, false)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sessions_are_found_by_token_and_never_store_it() {
        User user = users.insert(local("a@example.com", null));
        CreatedSession created = sessions.create(user, AuthType.OAUTH, "sid-1", "id.token.value", "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0");

        Session found = sessions.findByToken(created.token()).orElseThrow();
        assertThat(found.userId()).isEqualTo(user.id());
        assertThat(found.authType()).isEqualTo(AuthType.OAUTH);
        assertThat(found.oauthSid()).isEqualTo("sid-1");
        assertThat(found.idToken()).isEqualTo("id.token.value");
        assertThat(found.deviceType()).isEqualTo("Firefox");
        assertThat(found.deviceOs()).isEqualTo("Linux");
        assertThat(found.tokenHash()).isEqualTo(SessionTokens.hash(created.token())).isNotEqualTo(created.token());
        assertThat(sessions.findByToken(created.token() + "x")).isEmpty();
    }

    @Test
    void sessions_are_deleted_by_sid_by_sid_and_subject_by_subject_and_by_user() {
        User linked = users.insert(NewUser.oauth("a@example.com", "A", ISSUER, "sub-1", null, null, false));
        User other = users.insert(local("b@example.com", null));
        CreatedSession first = sessions.create(linked, AuthType.OAUTH, "sid-1", null, null);
        CreatedSession second = sessions.create(linked, AuthType.OAUTH, "sid-2", null, null);
        CreatedSession password = sessions.create(linked, AuthType.PASSWORD, null, null, null);
        CreatedSession otherSid1 = sessions.create(other, AuthType.OAUTH, "sid-1", null, null);

        assertThat(sessions.deleteByOAuthSidAndSubject("sid-1", ISSUER, "sub-1")).isEqualTo(1);
        assertThat(sessions.findByToken(first.token())).isEmpty();
        assertThat(sessions.findByToken(otherSid1.token())).isPresent();

        assertThat(sessions.deleteByOAuthSid("sid-1")).isEqualTo(1);
        assertThat(sessions.findByToken(otherSid1.token())).isEmpty();

        assertThat(sessions.deleteByOAuthSubject(ISSUER, "sub-1")).isEqualTo(2);
        assertThat(sessions.findByToken(second.token())).isEmpty();
        assertThat(sessions.findByToken(password.token())).isEmpty();

        sessions.create(other, AuthType.PASSWORD, null, null, null);
        sessions.create(other, AuthType.PASSWORD, null, null, null);
        assertThat(sessions.listForUser(other.id())).hasSize(2);
        assertThat(sessions.deleteAllForUser(other.id())).isEqualTo(2);
        assertThat(sessions.listForUser(other.id())).isEmpty();
    }

    @Test
    void system_metadata_is_inserted_then_replaced() {
        assertThat(metadata.findSystemConfig()).isEmpty();

        metadata.saveSystemConfig("{\"oauth\":{\"enabled\":true}}");
        metadata.saveSystemConfig("{\"oauth\":{\"enabled\":false}}");

        assertThat(metadata.findSystemConfig()).contains("{\"oauth\":{\"enabled\":false}}");
    }

    private static NewUser local(String email, String storageLabel) {
        return NewUser.local(email, "Name", "$2a$10$hash", storageLabel, null, false, false);
    }
}
