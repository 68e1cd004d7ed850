package dev.immichkeycloak.adapter.api;

import static dev.immichkeycloak.adapter.support.TestApp.ADMIN_EMAIL;
import static dev.immichkeycloak.adapter.support.TestApp.ADMIN_PASSWORD;
import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.adapter.config.SystemConfig;
import dev.immichkeycloak.adapter.config.PasswordLoginConfig;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.TestApp;
import dev.immichkeycloak.adapter.support.TestAppExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Sign-up, password login and logout, with Immich's status codes, bodies, cookies and messages. */
@ExtendWith(TestAppExtension.class)
class AuthApiTest {

    private final TestApp app;

    AuthApiTest(TestApp app) {
        this.app = app;
    }

    @Test
    void admin_sign_up_creates_the_first_user_as_admin() {
        ApiResponse response = app.post("/api/auth/admin-sign-up",
                app.json(Map.of("email", "Admin@Example.com", "password", "admin-pw-1", "name", "The Admin", "extra", "ignored")));

        response.expectStatus(201);
        JsonNode user = response.json();
        assertThat(user.get("email").asText()).isEqualTo("admin@example.com");
        assertThat(user.get("name").asText()).isEqualTo("The Admin");
        assertThat(user.get("isAdmin").asBoolean()).isTrue();
        assertThat(user.get("storageLabel").asText()).isEqualTo("admin");
        assertThat(user.get("oauthId").asText()).isEmpty();
        assertThat(user.get("quotaSizeInBytes").isNull()).isTrue();
        assertThat(user.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(user.has("password")).isFalse();
        assertThat(user.has("passwordHash")).isFalse();
    }

    @Test
    void admin_sign_up_is_refused_once_an_admin_exists() {
        app.signUpAdminAndLogin();

        ApiResponse response = app.post("/api/auth/admin-sign-up", app.json(Map.of("email", "x@example.com", "password", "password", "name", "X")));

        response.expectStatus(400);
        assertThat(response.json().get("message").asText()).isEqualTo("The server already has an admin");
        assertThat(response.json().get("error").asText()).isEqualTo("Bad Request");
        assertThat(response.json().get("statusCode").asInt()).isEqualTo(400);
        assertThat(response.json().get("correlationId").asText()).isNotEmpty().isEqualTo(response.header("x-correlation-id"));
    }

    @Test
    void admin_sign_up_validates_the_body_like_zod() {
        ApiResponse response = app.post("/api/auth/admin-sign-up", app.json(Map.of("email", "not-an-email", "name", 5)));

        response.expectStatus(400);
        assertThat(response.messages()).containsExactly("[email] Invalid email address",
                "[password] Invalid input: expected string, received undefined", "[name] Invalid input: expected string, received number");
    }

    @Test
    void login_answers_201_with_the_login_response_and_sets_the_session_cookies() {
        app.signUpAdminAndLogin();

        ApiResponse response = app.post("/api/auth/login", app.json(Map.of("email", "ADMIN@example.com", "password", ADMIN_PASSWORD)));

        response.expectStatus(201);
        JsonNode body = response.json();
        String token = body.get("accessToken").asText();
        // 43 base64 characters less the removed non-word ones: usually 40 to 43, rarely fewer.
        assertThat(token).matches("[A-Za-z0-9]{20,43}");
        assertThat(body.get("userEmail").asText()).isEqualTo(ADMIN_EMAIL);
        assertThat(body.get("name").asText()).isEqualTo("Admin");
        assertThat(body.get("isAdmin").asBoolean()).isTrue();
        assertThat(body.get("shouldChangePassword").asBoolean()).isFalse();
        assertThat(body.get("isOnboarded").asBoolean()).isFalse();
        assertThat(body.get("profileImagePath").asText()).isEmpty();
        assertThat(body.get("userId").asText()).isNotEmpty();

        assertThat(response.setCookie("immich_access_token"))
                .startsWith("immich_access_token=" + token + ";")
                .contains("; Max-Age=2592000", "; Path=/", "; HttpOnly", "; SameSite=Lax", "; Expires=")
                .doesNotContain("Secure");
        assertThat(response.setCookie("immich_auth_type")).startsWith("immich_auth_type=password;").contains("; HttpOnly");
        assertThat(response.setCookie("immich_is_authenticated")).startsWith("immich_is_authenticated=true;")
                .contains("; Max-Age=2592000", "; Path=/", "; SameSite=Lax").doesNotContain("HttpOnly");
    }

    @Test
    void login_cookies_are_secure_behind_an_https_proxy_on_loopback() {
        app.signUpAdminAndLogin();

        ApiResponse response = app.post("/api/auth/login", app.json(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)),
                "X-Forwarded-Proto", "https");

        assertThat(response.setCookies()).hasSize(3).allSatisfy(cookie -> assertThat(cookie).contains("; Secure"));
    }

    @Test
    void login_with_a_wrong_password_or_unknown_email_gives_the_same_401() {
        app.signUpAdminAndLogin();

        ApiResponse wrongPassword = app.post("/api/auth/login", app.json(Map.of("email", ADMIN_EMAIL, "password", "nope")));
        ApiResponse unknownEmail = app.post("/api/auth/login", app.json(Map.of("email", "ghost@example.com", "password", "nope")));

        for (ApiResponse response : new ApiResponse[] {wrongPassword, unknownEmail}) {
            response.expectStatus(401);
            assertThat(response.json().get("message").asText()).isEqualTo("Incorrect email or password");
            assertThat(response.json().get("error").asText()).isEqualTo("Unauthorized");
            assertThat(response.setCookies()).isEmpty();
        }
    }

    @Test
    void login_is_refused_when_password_login_is_disabled() {
        app.signUpAdminAndLogin();
        SystemConfig current = app.services().systemConfig().get();
        app.services().systemConfig().update(new SystemConfig(current.oauth(), new PasswordLoginConfig(false)));

        ApiResponse response = app.post("/api/auth/login", app.json(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)));

        response.expectStatus(401);
        assertThat(response.json().get("message").asText()).isEqualTo("Password login has been disabled");
    }

    @Test
    void login_without_fields_lists_each_missing_field() {
        ApiResponse response = app.post("/api/auth/login", "{}");

        response.expectStatus(400);
        assertThat(response.messages()).containsExactly("[email] Invalid input: expected string, received undefined",
                "[password] Invalid input: expected string, received undefined");
    }

    @Test
    void logout_deletes_the_session_clears_the_cookies_and_returns_the_login_page() {
        String token = app.signUpAdminAndLogin();

        ApiResponse response = app.post("/api/auth/logout", null, bearer(token));

        response.expectStatus(200);
        assertThat(response.json().toString()).isEqualTo("{\"successful\":true,\"redirectUri\":\"/auth/login?autoLaunch=0\"}");
        assertThat(response.setCookies()).containsExactlyInAnyOrder(
                "immich_access_token=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "immich_auth_type=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "immich_is_authenticated=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
        ApiResponse after = app.get("/api/users/me", bearer(token));
        after.expectStatus(401);
        assertThat(after.json().get("message").asText()).isEqualTo("Invalid user token");
    }

    @Test
    void logout_without_a_session_is_401() {
        ApiResponse response = app.post("/api/auth/logout", null);

        response.expectStatus(401);
        assertThat(response.json().get("message").asText()).isEqualTo("Authentication required");
    }
}
