package dev.immichkeycloak.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.TestApp;
import dev.immichkeycloak.adapter.support.TestAppExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The five ways Immich accepts a session token, and their priority. */
@ExtendWith(TestAppExtension.class)
class TokenPresentationTest {

    private final TestApp app;
    private String token;

    TokenPresentationTest(TestApp app) {
        this.app = app;
    }

    @BeforeEach
    void sign_up_admin() {
        token = app.signUpAdminAndLogin();
    }

    @Test
    void header_x_immich_user_token_authenticates() {
        assertMe(app.get("/api/users/me", "x-immich-user-token", token));
    }

    @Test
    void header_x_immich_session_token_authenticates() {
        assertMe(app.get("/api/users/me", "x-immich-session-token", token));
    }

    @Test
    void query_session_key_authenticates() {
        assertMe(app.get("/api/users/me?sessionKey=" + token));
    }

    @Test
    void bearer_authorization_authenticates() {
        assertMe(app.get("/api/users/me", "Authorization", "Bearer " + token));
    }

    @Test
    void access_token_cookie_authenticates() {
        assertMe(app.get("/api/users/me", "Cookie", "immich_is_authenticated=true; immich_access_token=" + token));
    }

    @Test
    void no_token_is_authentication_required() {
        ApiResponse response = app.get("/api/users/me");

        response.expectStatus(401);
        assertThat(response.json().get("message").asText()).isEqualTo("Authentication required");
        assertThat(response.json().get("error").asText()).isEqualTo("Unauthorized");
    }

    @Test
    void an_unknown_token_is_invalid_user_token() {
        ApiResponse response = app.get("/api/users/me", "Authorization", "Bearer not-a-session");

        response.expectStatus(401);
        assertThat(response.json().get("message").asText()).isEqualTo("Invalid user token");
    }

    @Test
    void the_user_token_header_wins_over_every_other_place() {
        ApiResponse response = app.get("/api/users/me?sessionKey=wrong", "x-immich-user-token", token, "x-immich-session-token", "wrong",
                "Authorization", "Bearer wrong", "Cookie", "immich_access_token=wrong");

        assertMe(response);
    }

    @Test
    void the_first_place_present_decides_even_when_its_token_is_wrong() {
        ApiResponse sessionHeader = app.get("/api/users/me?sessionKey=" + token, "x-immich-session-token", "wrong");
        ApiResponse query = app.get("/api/users/me?sessionKey=wrong", "Authorization", "Bearer " + token);
        ApiResponse bearer = app.get("/api/users/me", "Authorization", "Bearer wrong", "Cookie", "immich_access_token=" + token);

        for (ApiResponse response : new ApiResponse[] {sessionHeader, query, bearer}) {
            response.expectStatus(401);
            assertThat(response.json().get("message").asText()).isEqualTo("Invalid user token");
        }
    }

    @Test
    void the_session_header_wins_over_query_bearer_and_cookie() {
        assertMe(app.get("/api/users/me?sessionKey=wrong", "x-immich-session-token", token, "Authorization", "Bearer wrong"));
    }

    private static void assertMe(ApiResponse response) {
        response.expectStatus(200);
        assertThat(response.json().get("email").asText()).isEqualTo(TestApp.ADMIN_EMAIL);
    }
}
