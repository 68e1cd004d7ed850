package dev.immichkeycloak.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.support.Concurrently;
import dev.immichkeycloak.adapter.support.PostgresCluster;
import dev.immichkeycloak.adapter.support.PostgresExtension;
import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: two adapter instances (each with its own pool, caches and port) on one PostgreSQL database and one provider,
 * as behind a reverse proxy without sticky sessions. Whatever one instance stores, the other acts on.
 */
@ExtendWith(PostgresExtension.class)
class TwoInstancesTest {

    private static final String LOGIN_PAGE = OAuthTestApp.PUBLIC_URL + "/auth/login";

    private final PostgresCluster cluster;

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    private OAuthTestApp a;
    private OAuthTestApp b;

    TwoInstancesTest(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void start() {
        Map<String, String> db = Map.of("DB_URL", cluster.newDatabase(), "DB_USERNAME", "postgres");
        a = OAuthTestApp.start(dirA, db, null);
        b = OAuthTestApp.start(dirB, db, a.provider);
        a.createAdmin();
    }

    @AfterEach
    void stop() {
        b.close();
        a.close();
    }

    @Test
    void a_setting_saved_on_one_instance_is_in_force_on_the_other_within_two_seconds() throws Exception {
        assertThat(b.browser().get("/api/server/config").json().get("oauthButtonText").asText()).isEqualTo("Login with OAuth");

        a.configure(config -> config.buttonText = "Sign in with the family SSO");

        Instant deadline = Instant.now().plus(Duration.ofSeconds(2));
        String seen;
        do {
            seen = b.browser().get("/api/server/config").json().get("oauthButtonText").asText();
        } while (!seen.equals("Sign in with the family SSO") && Instant.now().isBefore(deadline) && Concurrently.pause(50));
        assertThat(seen).isEqualTo("Sign in with the family SSO");
    }

    @Test
    void a_login_started_on_one_instance_finishes_on_the_other_and_its_session_works_on_both() {
        a.provider.subject("alice").idTokenClaims(Map.of("email", "alice@example.com", "email_verified", true));
        OAuthTestApp.Browser onA = a.browser();
        String callbackUrl = onA.authorizeAtProvider(LOGIN_PAGE);

        OAuthTestApp.Browser onB = b.browser();
        onB.cookies().putAll(onA.cookies());
        onB.postJson("/api/oauth/callback", Map.of("url", callbackUrl)).expectStatus(201);

        onA.cookies().putAll(onB.cookies());
        assertThat(onA.me().get("email").asText()).isEqualTo("alice@example.com");
        assertThat(onB.me().get("email").asText()).isEqualTo("alice@example.com");
    }

    @Test
    void a_back_channel_logout_posted_to_one_instance_ends_a_session_made_on_the_other() {
        a.provider.subject("bob").idTokenClaims(Map.of("email", "bob@example.com", "email_verified", true));
        OAuthTestApp.Browser browser = a.browser();
        browser.webLogin().expectStatus(201);

        String logoutToken = a.provider.logoutToken(claims -> claims.subject("bob").claim("sid", "session-1"));
        b.browser().postForm("/api/oauth/backchannel-logout", "logout_token=" + logoutToken).expectStatus(200);

        assertThat(browser.get("/api/users/me").status()).isEqualTo(401);
    }

    @Test
    void twenty_simultaneous_first_logins_of_one_person_split_across_both_give_one_account() throws Exception {
        a.provider.subject("carol").idTokenClaims(Map.of("email", "carol@example.com", "email_verified", true,
                "preferred_username", "carol"));

        List<Integer> statuses = Concurrently.run(20, i -> loginAcross(i % 2 == 0 ? a : b, i % 2 == 0 ? b : a));

        assertThat(statuses).containsOnly(201);
        assertThat(count("SELECT COUNT(*) FROM users WHERE oauth_id = 'carol'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.oauth_id = 'carol'")).isEqualTo(20);
    }

    @Test
    void twenty_simultaneous_first_logins_of_people_with_one_username_give_twenty_labels() throws Exception {
        a.provider.bindIdentityAtAuthorize(true);
        List<PreparedLogin> prepared = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            a.provider.subject("dave-" + i).idTokenClaims(Map.of("email", "dave" + i + "@example.com", "email_verified", true,
                    "preferred_username", "dave"));
            prepared.add(prepareLogin(i % 2 == 0 ? a : b));
        }

        List<Integer> statuses = Concurrently.run(20, i -> prepared.get(i).finishOn(i % 2 == 0 ? b : a));

        assertThat(statuses).containsOnly(201);
        List<String> labels = labels("SELECT storage_label FROM users WHERE oauth_id LIKE 'dave-%'");
        assertThat(labels).hasSize(20);
        assertThat(new HashSet<>(labels)).hasSize(20).contains("dave", "dave-2");
    }

    private record PreparedLogin(OAuthTestApp.Browser browser, String callbackUrl) {
        int finishOn(OAuthTestApp instance) {
            OAuthTestApp.Browser other = instance.browser();
            other.cookies().putAll(browser.cookies());
            return other.postJson("/api/oauth/callback", Map.of("url", callbackUrl)).status();
        }
    }

    private static PreparedLogin prepareLogin(OAuthTestApp start) {
        OAuthTestApp.Browser browser = start.browser();
        return new PreparedLogin(browser, browser.authorizeAtProvider(LOGIN_PAGE));
    }

    private static int loginAcross(OAuthTestApp start, OAuthTestApp finish) {
        return prepareLogin(start).finishOn(finish);
    }

    private long count(String sql) throws Exception {
        try (var connection = a.services().dataSource().getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private List<String> labels(String sql) throws Exception {
        List<String> labels = new ArrayList<>();
        try (var connection = a.services().dataSource().getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                labels.add(rows.getString(1));
            }
        }
        return labels;
    }
}
