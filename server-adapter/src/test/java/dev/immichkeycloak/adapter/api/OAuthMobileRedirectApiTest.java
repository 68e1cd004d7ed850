package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/oauth/mobile-redirect}: a 307 to the fixed app URI with only the authorization-response parameters. */
class OAuthMobileRedirectApiTest {

    @TempDir
    Path dataDir;
    private OAuthTestApp app;

    @BeforeEach
    void start() {
        app = OAuthTestApp.start(dataDir);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private ApiResponse redirect(String query) {
        ApiResponse response = app.browser().get("/api/oauth/mobile-redirect" + query);
        response.expectStatus(307);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        return response;
    }

    @Test
    void code_and_state_are_forwarded() {
        assertThat(redirect("?code=123&state=456").header("Location")).isEqualTo("app.immich:///oauth-callback?code=123&state=456");
    }

    @Test
    void without_a_query_the_target_keeps_immichs_trailing_question_mark() {
        assertThat(redirect("").header("Location")).isEqualTo("app.immich:///oauth-callback?");
    }

    @Test
    void only_authorization_response_parameters_pass_in_a_fixed_order() {
        String location = redirect("?redirect=https://evil.example&state=s&foo=bar&iss=https%3A%2F%2Fidp&code=c&session_state=x"
                + "&error=access_denied&error_description=Nope&error_uri=https%3A%2F%2Fidp%2Fe").header("Location");

        assertThat(location).isEqualTo("app.immich:///oauth-callback?code=c&state=s&iss=https%3A%2F%2Fidp&error=access_denied"
                + "&error_description=Nope&error_uri=https%3A%2F%2Fidp%2Fe&session_state=x");
        assertThat(location).doesNotContain("evil").doesNotContain("foo");
    }

    @Test
    void values_are_re_encoded_and_repeated_keys_are_taken_once() {
        String location = redirect("?code=a%26b%3Dc&code=second&error_description=%3Cscript%3E%20x%0d%0aSet-Cookie:%20y").header("Location");

        assertThat(location).isEqualTo("app.immich:///oauth-callback?code=a%26b%3Dc&error_description=%3Cscript%3E%20x%0D%0ASet-Cookie%3A%20y");
    }

    @Test
    void the_target_is_fixed_whatever_the_request_says() {
        assertThat(redirect("?code=1?https://evil.example").header("Location")).startsWith("app.immich:///oauth-callback?code=1");
        assertThat(redirect("?code=1#frag").header("Location")).isEqualTo("app.immich:///oauth-callback?code=1");
    }

    @Test
    void oversized_values_are_dropped() {
        assertThat(redirect("?code=" + "a".repeat(5000) + "&state=s").header("Location")).isEqualTo("app.immich:///oauth-callback?state=s");
    }
}
