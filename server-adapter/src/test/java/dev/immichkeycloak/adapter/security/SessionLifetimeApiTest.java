package dev.immichkeycloak.adapter.security;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.TestApp;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8 item 6: sessions expire when idle (sliding), can be revoked, and a token in the URL never authorizes a change. */
class SessionLifetimeApiTest {

    @TempDir
    Path dataDir;

    @Test
    void a_session_expires_after_the_idle_timeout_and_the_cookie_lives_as_long() {
        try (TestApp app = TestApp.start(dataDir)) {
            app.signUpAdminAndLogin();
            ApiResponse login = app.post("/api/auth/login", app.json(Map.of("email", TestApp.ADMIN_EMAIL, "password", TestApp.ADMIN_PASSWORD)))
                    .expectStatus(201);
            String token = login.json().get("accessToken").asText();

            JsonNode session = currentSession(app, token);
            assertThat(OffsetDateTime.parse(session.get("expiresAt").asText()))
                    .isCloseTo(OffsetDateTime.now(ZoneOffset.UTC).plusDays(30), within(2, ChronoUnit.MINUTES));
            assertThat(login.setCookie("immich_access_token")).contains("; Max-Age=" + Duration.ofDays(30).toSeconds());
            assertThat(login.setCookie("immich_access_token")).doesNotContain("34560000");
        }
    }

    @Test
    void the_idle_timeout_is_configurable() {
        try (TestApp app = TestApp.start(dataDir, Map.of("IMMICH_SESSION_IDLE_DAYS", "7"), AdapterExtensions.none())) {
            String token = app.signUpAdminAndLogin();

            assertThat(OffsetDateTime.parse(currentSession(app, token).get("expiresAt").asText()))
                    .isCloseTo(OffsetDateTime.now(ZoneOffset.UTC).plusDays(7), within(2, ChronoUnit.MINUTES));
        }
    }

    @Test
    void an_expired_session_is_refused_and_deleted() throws Exception {
        try (TestApp app = TestApp.start(dataDir)) {
            String token = app.signUpAdminAndLogin();
            String id = currentSession(app, token).get("id").asText();
            setTimes(app, id, OffsetDateTime.now(ZoneOffset.UTC).minusDays(31), OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));

            ApiResponse me = app.get("/api/users/me", bearer(token));

            assertThat(me.status()).isEqualTo(401);
            assertThat(me.message()).isEqualTo("Invalid user token");
            assertThat(sessionExists(app, id)).isFalse();
        }
    }

    @Test
    void a_lowered_idle_timeout_applies_to_sessions_made_under_the_old_one() throws Exception {
        String token;
        String id;
        try (TestApp app = TestApp.start(dataDir)) {
            token = app.signUpAdminAndLogin();
            id = currentSession(app, token).get("id").asText();
            setTimes(app, id, OffsetDateTime.now(ZoneOffset.UTC).minusDays(2), OffsetDateTime.now(ZoneOffset.UTC).plusDays(28));
        }
        try (TestApp app = TestApp.start(dataDir, Map.of("IMMICH_SESSION_IDLE_DAYS", "1"), AdapterExtensions.none())) {
            assertThat(app.get("/api/users/me", bearer(token)).status()).isEqualTo(401);
            assertThat(sessionExists(app, id)).isFalse();
        }
    }

    @Test
    void using_a_session_moves_its_expiry_forward_and_renews_the_cookie() throws Exception {
        try (TestApp app = TestApp.start(dataDir)) {
            String token = app.signUpAdminAndLogin();
            String id = currentSession(app, token).get("id").asText();
            OffsetDateTime soon = OffsetDateTime.now(ZoneOffset.UTC).plusHours(1);
            setTimes(app, id, OffsetDateTime.now(ZoneOffset.UTC).minusDays(29), soon);

            ApiResponse me = app.get("/api/users/me", "Cookie", "immich_access_token=" + token).expectStatus(200);

            assertThat(me.setCookie("immich_access_token")).startsWith("immich_access_token=" + token + ";")
                    .contains("; Max-Age=" + Duration.ofDays(30).toSeconds());
            assertThat(OffsetDateTime.parse(currentSession(app, token).get("expiresAt").asText()))
                    .isCloseTo(OffsetDateTime.now(ZoneOffset.UTC).plusDays(30), within(2, ChronoUnit.MINUTES));
        }
    }

    @Test
    void one_session_or_all_others_can_be_revoked() {
        try (TestApp app = TestApp.start(dataDir)) {
            String current = app.signUpAdminAndLogin();
            String second = app.login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
            String third = app.login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
            String secondId = currentSession(app, second).get("id").asText();

            app.send(app.request("/api/sessions/" + secondId, bearer(current)).DELETE()).expectStatus(204);
            app.get("/api/users/me", bearer(second)).expectStatus(401);
            app.get("/api/users/me", bearer(third)).expectStatus(200);

            app.send(app.request("/api/sessions", bearer(current)).DELETE()).expectStatus(204);
            app.get("/api/users/me", bearer(third)).expectStatus(401);
            app.get("/api/users/me", bearer(current)).expectStatus(200);
            assertThat(app.get("/api/sessions", bearer(current)).json()).hasSize(1);
        }
    }

    @Test
    void another_users_session_cannot_be_revoked() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            String frank = app.createUserAndLogin(admin, "frank@example.com", "frank-password");
            String adminSessionId = currentSession(app, admin).get("id").asText();

            ApiResponse refused = app.send(app.request("/api/sessions/" + adminSessionId, bearer(frank)).DELETE());

            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.message()).isEqualTo("Not found or no session.delete access");
            app.get("/api/users/me", bearer(admin)).expectStatus(200);
        }
    }

    @Test
    void a_session_key_in_the_url_works_for_reads_only() {
        try (TestApp app = TestApp.start(dataDir)) {
            String token = app.signUpAdminAndLogin();

            app.get("/api/users/me?sessionKey=" + token).expectStatus(200);
            ApiResponse logout = app.send(app.request("/api/auth/logout?sessionKey=" + token)
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(logout.status()).isEqualTo(401);
            ApiResponse revoke = app.send(app.request("/api/sessions?sessionKey=" + token).DELETE());
            assertThat(revoke.status()).isEqualTo(401);
            app.get("/api/users/me", bearer(token)).expectStatus(200);
        }
    }

    private static JsonNode currentSession(TestApp app, String token) {
        for (JsonNode session : app.get("/api/sessions", bearer(token)).expectStatus(200).json()) {
            if (session.get("current").asBoolean()) {
                return session;
            }
        }
        throw new AssertionError("no current session");
    }

    private static void setTimes(TestApp app, String id, OffsetDateTime updatedAt, OffsetDateTime expiresAt) throws Exception {
        try (Connection connection = app.services().dataSource().getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE sessions SET updated_at = ?, expires_at = ? WHERE id = ?")) {
            update.setObject(1, updatedAt);
            update.setObject(2, expiresAt);
            update.setString(3, id);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static boolean sessionExists(TestApp app, String id) throws Exception {
        try (Connection connection = app.services().dataSource().getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM sessions WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getInt(1) == 1;
            }
        }
    }
}
