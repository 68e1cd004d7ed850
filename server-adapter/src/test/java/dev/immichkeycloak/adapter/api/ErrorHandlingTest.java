package dev.immichkeycloak.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.session.LogoutRedirect;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.LogCapture;
import dev.immichkeycloak.adapter.support.TestApp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one error mapper: Immich's body for every failure, 404 for unknown routes, and 500s without internals. */
class ErrorHandlingTest {

    private static final String INTERNAL_DETAIL = "jdbc password=hunter2 at row 7";

    @TempDir
    Path dataDir;

    /** An extra route group as a feature module would add one; it fails the way a bug would. */
    private static final ApiRoutes FAILING_ROUTES = router -> router
            .post("/api/test/explode", "linkOAuthAccount", ctx -> {
                throw new IllegalStateException(INTERNAL_DETAIL);
            })
            .get("/api/test/teapot", "brewTea", ctx -> {
                throw new ApiException(418, "No coffee", "TEAPOT", "detail for the log", null);
            });

    @Test
    void an_unexpected_exception_is_a_generic_500_named_after_the_operation_and_logged_once() {
        try (LogCapture logs = new LogCapture();
             TestApp app = TestApp.start(dataDir, Map.of(), new AdapterExtensions(LogoutRedirect.loginPage(), List.of(FAILING_ROUTES)))) {

            ApiResponse response = app.post("/api/test/explode", "{}");

            response.expectStatus(500);
            assertThat(response.json().get("message").asText()).isEqualTo("Failed to link oauth account");
            assertThat(response.json().get("error").asText()).isEqualTo("Internal Server Error");
            assertThat(response.json().get("statusCode").asInt()).isEqualTo(500);
            String correlationId = response.json().get("correlationId").asText();
            assertThat(correlationId).isNotEmpty().isEqualTo(response.header("x-correlation-id"));
            assertThat(response.body()).doesNotContain("hunter2", "IllegalStateException", "at dev.");

            List<ILoggingEvent> errors = logs.events().stream().filter(e -> e.getLevel() == Level.ERROR).toList();
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getMDCPropertyMap()).containsEntry("correlationId", correlationId);
            assertThat(errors.get(0).getThrowableProxy().getMessage()).isEqualTo(INTERNAL_DETAIL);
            assertThat(logs.text()).contains("ErrorHandlingTest");
        }
    }

    @Test
    void an_api_exception_keeps_its_status_message_and_reason_but_not_its_detail() {
        try (TestApp app = TestApp.start(dataDir, Map.of(), new AdapterExtensions(LogoutRedirect.loginPage(), List.of(FAILING_ROUTES)))) {
            ApiResponse response = app.get("/api/test/teapot");

            response.expectStatus(418);
            assertThat(response.json().get("message").asText()).isEqualTo("No coffee");
            assertThat(response.json().get("reason").asText()).isEqualTo("TEAPOT");
            assertThat(response.json().get("error").asText()).isEqualTo("I'm a teapot");
            assertThat(response.body()).doesNotContain("detail for the log");
        }
    }

    @Test
    void an_unknown_route_is_a_json_404() {
        try (TestApp app = TestApp.start(dataDir)) {
            ApiResponse response = app.get("/api/does-not-exist");

            response.expectStatus(404);
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(response.json().get("message").asText()).isEqualTo("Cannot GET /api/does-not-exist");
            assertThat(response.json().get("error").asText()).isEqualTo("Not Found");
            assertThat(response.json().get("statusCode").asInt()).isEqualTo(404);
            assertThat(response.json().get("correlationId").asText()).isNotEmpty();
        }
    }

    @Test
    void malformed_json_is_a_400_without_parser_internals() {
        try (TestApp app = TestApp.start(dataDir)) {
            ApiResponse response = app.post("/api/auth/login", "{\"email\": ");

            response.expectStatus(400);
            assertThat(response.json().get("message").asText()).isEqualTo("Malformed JSON body");
            assertThat(response.json().get("error").asText()).isEqualTo("Bad Request");
            assertThat(response.body()).doesNotContain("Jackson", "line:");
        }
    }

    @Test
    void a_body_that_is_not_an_object_is_a_validation_error() {
        try (TestApp app = TestApp.start(dataDir)) {
            ApiResponse response = app.post("/api/auth/login", "[1, 2]");

            response.expectStatus(400);
            assertThat(response.messages()).containsExactly("Invalid input: expected object, received array");
        }
    }
}
