package dev.immichkeycloak.adapter.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.api.ApiRoutes;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.TestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OAuth state/verifier cookies the OAuth routes set and clear, through a route group like theirs. */
class AuthCookiesTest {

    @TempDir
    Path dataDir;

    private TestApp app;

    @BeforeEach
    void start() {
        app = TestApp.start(dataDir, Map.of(), new AdapterExtensions(LogoutRedirect.loginPage(), List.of(cookieRoutes())));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private ApiRoutes cookieRoutes() {
        return router -> router
                .post("/api/test/start", "startOAuth", ctx -> app.services().authCookies().setOAuthCookies(ctx, "state-123", "verifier-456"))
                .post("/api/test/start-with-challenge", "startOAuth",
                        ctx -> app.services().authCookies().setOAuthCookies(ctx, "state-123", null))
                .post("/api/test/finish", "finishOAuth", ctx -> app.services().authCookies().clearOAuthCookies(ctx));
    }

    @Test
    void state_and_verifier_cookies_live_ten_minutes() {
        ApiResponse response = app.post("/api/test/start", null);

        assertThat(response.setCookie("immich_oauth_state")).startsWith("immich_oauth_state=state-123;")
                .contains("; Max-Age=600", "; Path=/", "; HttpOnly", "; SameSite=Lax").doesNotContain("Secure");
        assertThat(response.setCookie("immich_oauth_code_verifier")).startsWith("immich_oauth_code_verifier=verifier-456;")
                .contains("; Max-Age=600", "; HttpOnly");
    }

    @Test
    void no_verifier_cookie_when_the_client_sent_its_own_challenge() {
        ApiResponse response = app.post("/api/test/start-with-challenge", null);

        assertThat(response.setCookies()).hasSize(1);
        assertThat(response.setCookie("immich_oauth_state")).contains("state-123");
    }

    @Test
    void state_cookies_are_secure_behind_an_https_proxy() {
        ApiResponse response = app.post("/api/test/start", null, "X-Forwarded-Proto", "https");

        assertThat(response.setCookies()).hasSize(2).allSatisfy(cookie -> assertThat(cookie).contains("; Secure"));
    }

    @Test
    void clearing_uses_immichs_form() {
        ApiResponse response = app.post("/api/test/finish", null);

        assertThat(response.setCookies()).containsExactly(
                "immich_oauth_state=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
                "immich_oauth_code_verifier=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
