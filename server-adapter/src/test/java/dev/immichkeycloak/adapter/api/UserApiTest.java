package dev.immichkeycloak.adapter.api;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.TestApp;
import dev.immichkeycloak.adapter.support.TestAppExtension;
import dev.immichkeycloak.adapter.user.User;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /api/users/me}, {@code /api/admin/users}, {@code /api/sessions} and {@code /api/admin/auth/unlink-all}. */
@ExtendWith(TestAppExtension.class)
class UserApiTest {

    private final TestApp app;
    private String admin;

    UserApiTest(TestApp app) {
        this.app = app;
    }

    @BeforeEach
    void sign_up_admin() {
        admin = app.signUpAdminAndLogin();
    }

    @Test
    void users_me_returns_the_user_admin_response_fields() {
        JsonNode me = app.get("/api/users/me", bearer(admin)).expectStatus(200).json();

        assertThat(me.fieldNames()).toIterable().containsExactly("id", "name", "email", "profileImagePath", "avatarColor", "profileChangedAt",
                "storageLabel", "shouldChangePassword", "isAdmin", "createdAt", "deletedAt", "updatedAt", "oauthId", "quotaSizeInBytes",
                "quotaUsageInBytes", "status", "license", "clusterGroupId");
        assertThat(me.get("isAdmin").asBoolean()).isTrue();
        assertThat(me.get("status").asText()).isEqualTo("active");
        assertThat(me.get("deletedAt").isNull()).isTrue();
    }

    @Test
    void users_me_shows_the_oauth_sub_of_a_linked_user() {
        User user = app.services().users().findByEmail(TestApp.ADMIN_EMAIL).orElseThrow();
        app.services().users().linkOAuth(user.id(), "https://sso.example.com/realms/immich", "sub-42");

        assertThat(app.get("/api/users/me", bearer(admin)).json().get("oauthId").asText()).isEqualTo("sub-42");
    }

    @Test
    void an_admin_creates_a_user_with_label_quota_and_role() {
        Map<String, Object> body = new HashMap<>(Map.of("email", "Bob@Example.com", "password", "bob-password", "name", "Bob",
                "storageLabel", "Bob.Smith", "quotaSizeInBytes", 1073741824L, "isAdmin", false));
        ApiResponse response = app.post("/api/admin/users", app.json(body), bearer(admin));

        response.expectStatus(201);
        JsonNode bob = response.json();
        assertThat(bob.get("email").asText()).isEqualTo("bob@example.com");
        assertThat(bob.get("storageLabel").asText()).isEqualTo("bobsmith");
        assertThat(bob.get("quotaSizeInBytes").asLong()).isEqualTo(1073741824L);
        assertThat(bob.get("isAdmin").asBoolean()).isFalse();
        assertThat(bob.get("shouldChangePassword").asBoolean()).isTrue();
        assertThat(app.login("bob@example.com", "bob-password")).isNotEmpty();
    }

    @Test
    void an_admin_set_label_follows_the_same_rule_as_the_claim() {
        ApiResponse zoe = app.post("/api/admin/users", app.json(Map.of("email", "zoe@example.com", "password", "password", "name", "Zoë",
                "storageLabel", "Zoë.Ünïcode")), bearer(admin));
        ApiResponse reserved = app.post("/api/admin/users", app.json(Map.of("email", "con@example.com", "password", "password", "name", "Con",
                "storageLabel", "CON")), bearer(admin));
        ApiResponse emoji = app.post("/api/admin/users", app.json(Map.of("email", "emoji@example.com", "password", "password", "name", "E",
                "storageLabel", "😀😀")), bearer(admin));

        assertThat(zoe.expectStatus(201).json().get("storageLabel").asText()).isEqualTo("zoeunicode");
        assertThat(reserved.expectStatus(400).message()).isEqualTo(
                "Storage label must contain a letter, digit, '_' or '-' and must not be a reserved name such as 'con'");
        assertThat(emoji.expectStatus(400).message()).startsWith("Storage label must contain a letter");
    }

    @Test
    void creating_a_user_with_a_taken_email_or_label_is_400() {
        app.post("/api/admin/users", app.json(Map.of("email", "a@example.com", "password", "password", "name", "A", "storageLabel", "family")),
                bearer(admin)).expectStatus(201);

        ApiResponse sameEmail = app.post("/api/admin/users", app.json(Map.of("email", "A@example.com", "password", "password", "name", "A")),
                bearer(admin));
        ApiResponse sameLabel = app.post("/api/admin/users",
                app.json(Map.of("email", "b@example.com", "password", "password", "name", "B", "storageLabel", "family")), bearer(admin));

        sameEmail.expectStatus(400);
        assertThat(sameEmail.message()).isEqualTo("User exists");
        sameLabel.expectStatus(400);
        assertThat(sameLabel.message()).isEqualTo("Storage label already exists");
    }

    @Test
    void creating_a_user_validates_the_body() {
        ApiResponse response = app.post("/api/admin/users",
                app.json(Map.of("email", "c@example.com", "name", "C", "password", "password", "quotaSizeInBytes", -1)), bearer(admin));

        response.expectStatus(400);
        assertThat(response.messages()).containsExactly("[quotaSizeInBytes] Too small: expected number to be >=0");
    }

    @Test
    void a_non_admin_cannot_create_users() {
        String user = app.createUserAndLogin(admin, "user@example.com", "user-password");

        ApiResponse response = app.post("/api/admin/users", app.json(Map.of("email", "d@example.com", "password", "password", "name", "D")),
                bearer(user));

        response.expectStatus(403);
        assertThat(response.message()).isEqualTo("Forbidden");
        assertThat(response.json().get("error").asText()).isEqualTo("Forbidden");
    }

    @Test
    void sessions_lists_the_callers_sessions_and_marks_the_current_one() {
        String second = app.post("/api/auth/login", app.json(Map.of("email", TestApp.ADMIN_EMAIL, "password", TestApp.ADMIN_PASSWORD)),
                "User-Agent", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15")
                .json().get("accessToken").asText();
        app.createUserAndLogin(admin, "other@example.com", "other-password");

        JsonNode sessions = app.get("/api/sessions", bearer(second)).expectStatus(200).json();

        assertThat(sessions).hasSize(2);
        JsonNode current = null;
        for (JsonNode session : sessions) {
            assertThat(session.fieldNames()).toIterable().containsExactly("id", "createdAt", "updatedAt", "expiresAt", "current", "deviceType",
                    "deviceOS", "appVersion", "isPendingSyncReset");
            if (session.get("current").asBoolean()) {
                current = session;
            }
        }
        assertThat(current).isNotNull();
        assertThat(current.get("deviceType").asText()).isEqualTo("Safari");
        assertThat(current.get("deviceOS").asText()).isEqualTo("macOS");
    }

    @Test
    void unlink_all_removes_every_oauth_link_and_answers_204() {
        User user = app.services().users().findByEmail(TestApp.ADMIN_EMAIL).orElseThrow();
        app.services().users().linkOAuth(user.id(), "https://sso.example.com/realms/immich", "sub-1");

        ApiResponse response = app.post("/api/admin/auth/unlink-all", null, bearer(admin));

        response.expectStatus(204);
        assertThat(response.body()).isEmpty();
        assertThat(app.get("/api/users/me", bearer(admin)).json().get("oauthId").asText()).isEmpty();
    }

    @Test
    void unlink_all_is_admin_only() {
        String user = app.createUserAndLogin(admin, "user@example.com", "user-password");

        app.post("/api/admin/auth/unlink-all", null, bearer(user)).expectStatus(403);
        app.post("/api/admin/auth/unlink-all", null).expectStatus(401);
    }
}
