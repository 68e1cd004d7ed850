package dev.immichkeycloak.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.Concurrently;
import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: a provider slower than the configured timeout. Parallel logins share one discovery (the provider is asked once,
 * not once per waiting request, which used to make them finish one timeout after another), each fails with its reason,
 * password login is untouched, and logins work again as soon as the provider answers.
 */
class SlowProviderTest {

    @TempDir
    Path dataDir;

    @Test
    void parallel_logins_share_one_discovery_and_fail_with_the_reason_then_recover() throws Exception {
        try (OAuthTestApp app = OAuthTestApp.start(dataDir)) {
            app.createAdmin();
            app.services().userService().createUser("local@example.com", "local-password", "Local", null, null, false, false);
            app.configure(config -> config.timeout = 1_000);
            app.provider.discoveryDelayMillis(1_500);

            // Four logins wait on the slow provider while a password login (index 4) goes through untouched.
            List<ApiResponse> all = Concurrently.run(5, i -> i < 4
                    ? app.browser().postJson("/api/oauth/authorize", Map.of("redirectUri", OAuthTestApp.PUBLIC_URL + "/auth/login"))
                    : app.browser().postJson("/api/auth/login", Map.of("email", "local@example.com", "password", "local-password")));
            List<ApiResponse> answers = all.subList(0, 4);
            assertThat(all.get(4).status()).isEqualTo(201);

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.status()).isEqualTo(500);
                assertThat(answer.json().get("reason").asText()).isEqualTo("DISCOVERY_FAILED");
                assertThat(answer.json().get("message").asText()).contains("did not answer in time");
            });
            assertThat(app.provider.discoveryRequests()).isEqualTo(1);

            app.provider.discoveryDelayMillis(0);
            app.browser().postJson("/api/oauth/authorize", Map.of("redirectUri", OAuthTestApp.PUBLIC_URL + "/auth/login"))
                    .expectStatus(201);
        }
    }

    @Test
    void a_token_endpoint_slower_than_the_timeout_fails_the_callback_with_its_reason_then_recovers() {
        try (OAuthTestApp app = OAuthTestApp.start(dataDir)) {
            app.createAdmin();
            app.provider.subject("slow").idTokenClaims(Map.of("email", "slow@example.com", "email_verified", true));
            app.configure(config -> config.timeout = 1_000);
            app.provider.tokenDelayMillis(1_500);

            ApiResponse slow = app.browser().webLogin();

            assertThat(slow.status()).isEqualTo(500);
            assertThat(slow.json().get("reason").asText()).isEqualTo("TOKEN_REQUEST_FAILED");
            app.provider.tokenDelayMillis(0);
            app.browser().webLogin().expectStatus(201);
        }
    }
}
