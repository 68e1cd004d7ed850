package dev.immichkeycloak.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.LogCapture;
import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 9 item 7: an expected OAuth failure is one WARN line with its reason and correlation id, and no stack trace. */
class QuietLogsApiTest {

    @TempDir
    Path dataDir;

    @Test
    void an_expected_oauth_failure_is_one_warn_line_without_a_stack_trace() {
        try (OAuthTestApp app = OAuthTestApp.start(dataDir)) {
            app.configure(config -> config.issuerUrl = "http://127.0.0.1:1/realms/closed");
            ApiResponse response;
            List<ILoggingEvent> events;
            try (LogCapture logs = new LogCapture()) {
                response = app.browser().postJson("/api/oauth/authorize", Map.of("redirectUri", OAuthTestApp.PUBLIC_URL + "/auth/login"));
                events = logs.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
            }

            assertThat(response.status()).isEqualTo(500);
            String correlationId = response.json().get("correlationId").asText();
            assertThat(events).hasSize(1);
            ILoggingEvent line = events.get(0);
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage()).contains("reason DISCOVERY_FAILED").doesNotContain("\n");
            assertThat(line.getMDCPropertyMap()).containsValue(correlationId);
            assertThat(line.getThrowableProxy()).isNull();
        }
    }

    @Test
    void a_bad_id_token_signature_is_one_warn_line_too() {
        try (OAuthTestApp app = OAuthTestApp.start(dataDir)) {
            app.createAdmin();
            app.provider.idTokenSigning(dev.immichkeycloak.adapter.testing.FakeOpenIdProvider.Signing.WRONG_KEY);
            List<ILoggingEvent> events;
            try (LogCapture logs = new LogCapture()) {
                assertThat(app.browser().webLogin().status()).isEqualTo(500);
                events = logs.events().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
            }

            assertThat(events).hasSize(1);
            assertThat(events.get(0).getFormattedMessage()).contains("reason ID_TOKEN_INVALID");
            assertThat(events.get(0).getThrowableProxy()).isNull();
        }
    }
}
