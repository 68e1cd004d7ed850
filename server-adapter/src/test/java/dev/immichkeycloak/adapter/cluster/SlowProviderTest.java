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
            app.configure(config -> config.timeout = 1_000);
            app.provider.discoveryDelayMillis(1_500);

            List<ApiResponse> answers = Concurrently.run(4, i -> app.browser().postJson("/api/oauth/authorize",
                    Map.of("redirectUri", OAuthTestApp.PUBLIC_URL + "/auth/login")));

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
}
