package dev.immichkeycloak.adapter.web;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.api.ApiException;
import dev.immichkeycloak.adapter.api.ApiRoutes;
import dev.immichkeycloak.adapter.session.LogoutRedirect;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /api/admin/oauth/status}: admin only; the config-file lock and the OAuth failures the error mapper saw. */
class OAuthStatusApiTest {

    private static final String TOKEN_LIKE_DETAIL = "code=SplxlOBeZQQYbYS6WxSbIA token=eyJhbGciOiJSUzI1NiJ9";

    @TempDir
    Path dataDir;

    /** Routes that fail the way OAuth routes do; their paths are not used by the real API. */
    private static final ApiRoutes FAILING_ROUTES = router -> router
            .post("/api/oauth/test-failure", "testFailure", ctx -> {
                throw new ApiException(400, "OAuth state is missing", "STATE_MISSING", TOKEN_LIKE_DETAIL, null);
            })
            .post("/api/oauth/test-plain-failure", "testPlainFailure", ctx -> {
                throw ApiException.badRequest("No reason given");
            })
            .post("/api/elsewhere/test-failure", "testElsewhere", ctx -> {
                throw new ApiException(400, "Elsewhere", "STATE_MISSING", null, null);
            });

    @Test
    void needs_an_admin() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            String user = app.createUserAndLogin(admin, "dave@example.com", "dave-password");

            assertThat(app.get("/api/admin/oauth/status").expectStatus(401).message()).isEqualTo("Authentication required");
            assertThat(app.get("/api/admin/oauth/status", bearer(user)).expectStatus(403).message()).isEqualTo("Forbidden");
        }
    }

    @Test
    void lists_failures_with_a_reason_on_oauth_routes_newest_first_without_details() {
        try (TestApp app = TestApp.start(dataDir, Map.of(), new AdapterExtensions(LogoutRedirect.loginPage(), List.of(FAILING_ROUTES)))) {
            String admin = app.signUpAdminAndLogin();
            ApiResponse failed = app.post("/api/oauth/test-failure", "{}").expectStatus(400);
            app.post("/api/oauth/test-plain-failure", "{}").expectStatus(400);
            app.post("/api/elsewhere/test-failure", "{}").expectStatus(400);
            app.post("/api/oauth/test-failure?code=abc", "{}").expectStatus(400);

            ApiResponse status = app.get("/api/admin/oauth/status", bearer(admin)).expectStatus(200);

            JsonNode body = status.json();
            assertThat(body.get("configFileInUse").asBoolean()).isFalse();
            JsonNode failures = body.get("recentFailures");
            assertThat(failures).hasSize(2);
            JsonNode oldest = failures.get(1);
            assertThat(oldest.get("route").asText()).isEqualTo("POST /api/oauth/test-failure");
            assertThat(oldest.get("reason").asText()).isEqualTo("STATE_MISSING");
            assertThat(oldest.get("status").asInt()).isEqualTo(400);
            assertThat(oldest.get("message").asText()).isEqualTo("OAuth state is missing");
            assertThat(oldest.get("correlationId").asText()).isEqualTo(failed.json().get("correlationId").asText()).isNotEmpty();
            assertThat(oldest.get("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
            assertThat(status.body()).doesNotContain("SplxlOBeZQQYbYS6WxSbIA", "eyJhbGciOiJSUzI1NiJ9", "code=abc");
            assertThat(status.header("Cache-Control")).isEqualTo("no-store");
        }
    }

    @Test
    void reports_the_config_file_lock() throws IOException {
        Path file = dataDir.resolve("config.yaml");
        Files.writeString(file, "oauth:\n  buttonText: From the file\n");
        try (TestApp app = TestApp.start(dataDir, Map.of("IMMICH_CONFIG_FILE", file.toString()), AdapterExtensions.none())) {
            String admin = app.signUpAdminAndLogin();

            JsonNode body = app.get("/api/admin/oauth/status", bearer(admin)).expectStatus(200).json();

            assertThat(body.get("configFileInUse").asBoolean()).isTrue();
            assertThat(body.get("recentFailures")).isEmpty();
        }
    }
}
