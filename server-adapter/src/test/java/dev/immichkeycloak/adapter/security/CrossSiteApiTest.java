package dev.immichkeycloak.adapter.security;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.oidc.OAuthModule;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.TestApp;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 8 item 1: cookie-authenticated changes need JSON and an allowed origin; header-authenticated calls are not affected. */
class CrossSiteApiTest {

    private static final String NEIGHBOUR = "http://127.0.0.1:9";
    private static final String EXTRA = "https://photos.lan:8443";
    private static final String NEW_USER = "{\"email\":\"mallory@example.com\",\"password\":\"mallory-password\",\"name\":\"Mallory\"}";

    @TempDir
    Path dataDir;

    private TestApp app;
    private String admin;

    @BeforeEach
    void start() {
        app = TestApp.start(dataDir, Map.of("IMMICH_ALLOWED_ORIGINS", EXTRA), OAuthModule::extensions);
        admin = app.signUpAdminAndLogin();
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private String[] cookie(String... more) {
        String[] headers = new String[more.length + 2];
        headers[0] = "Cookie";
        headers[1] = "immich_access_token=" + admin;
        System.arraycopy(more, 0, headers, 2, more.length);
        return headers;
    }

    private ApiResponse send(String method, String path, String contentType, String body, String... headers) {
        HttpRequest.Builder request = app.request(path, headers)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return app.send(request);
    }

    private static void assertRefused(ApiResponse response, int status, String reason) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.json().get("reason").asText()).isEqualTo(reason);
        assertThat(response.body()).doesNotContain("Exception");
    }

    private boolean malloryExists() {
        return app.services().users().findByEmail("mallory@example.com").isPresent();
    }

    @Test
    void a_neighbouring_origin_cannot_create_an_admin_with_the_cookie() {
        assertRefused(send("POST", "/api/admin/users", "application/json", NEW_USER, cookie("Origin", NEIGHBOUR)), 403,
                "CROSS_ORIGIN_REQUEST");
        assertRefused(send("POST", "/api/admin/users", "application/json", NEW_USER, cookie("Origin", "null")), 403,
                "CROSS_ORIGIN_REQUEST");
        assertThat(malloryExists()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"})
    void a_simple_cross_site_content_type_is_refused_even_from_the_own_origin(String contentType) {
        assertRefused(send("POST", "/api/admin/users", contentType, NEW_USER, cookie("Origin", app.uri("").toString())), 415,
                "JSON_BODY_REQUIRED");
        assertThat(malloryExists()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"cross-site", "same-site"})
    void without_an_origin_a_fetch_from_another_site_is_refused(String site) {
        assertRefused(send("POST", "/api/admin/users", "application/json", NEW_USER, cookie("Sec-Fetch-Site", site)), 403,
                "CROSS_ORIGIN_REQUEST");
        assertThat(malloryExists()).isFalse();
    }

    @Test
    void every_cookie_route_that_changes_something_is_guarded() {
        String[] foreign = cookie("Origin", NEIGHBOUR);
        assertRefused(send("POST", "/api/oauth/unlink", "application/json", "{}", foreign), 403, "CROSS_ORIGIN_REQUEST");
        assertRefused(send("POST", "/api/admin/auth/unlink-all", "application/json", "{}", foreign), 403, "CROSS_ORIGIN_REQUEST");
        assertRefused(send("POST", "/api/admin/oauth/diagnose", "application/json", "{}", foreign), 403, "CROSS_ORIGIN_REQUEST");
        assertRefused(send("PUT", "/api/system-config", "application/json", "{}", foreign), 403, "CROSS_ORIGIN_REQUEST");
        assertRefused(send("DELETE", "/api/sessions", null, null, foreign), 403, "CROSS_ORIGIN_REQUEST");
        assertRefused(send("POST", "/api/auth/logout", null, null, foreign), 403, "CROSS_ORIGIN_REQUEST");

        // The session survived the forged logout.
        app.get("/api/users/me", bearer(admin)).expectStatus(200);
    }

    @Test
    void login_csrf_is_refused() {
        String credentials = "{\"email\":\"admin@example.com\",\"password\":\"" + TestApp.ADMIN_PASSWORD + "\"}";
        assertRefused(send("POST", "/api/auth/login", "text/plain", credentials), 415, "JSON_BODY_REQUIRED");
        assertRefused(send("POST", "/api/auth/login", "application/json", credentials, "Origin", NEIGHBOUR), 403, "CROSS_ORIGIN_REQUEST");
    }

    @Test
    void the_own_origin_the_public_url_and_the_allowed_origins_pass() {
        send("POST", "/api/admin/users", "application/json", NEW_USER, cookie("Origin", app.uri("").toString())).expectStatus(201);
        send("POST", "/api/auth/login", "application/json; charset=utf-8",
                "{\"email\":\"mallory@example.com\",\"password\":\"mallory-password\"}", "Origin", EXTRA).expectStatus(201);
        send("POST", "/api/auth/logout", null, null, cookie("Origin", "http://localhost:0", "Sec-Fetch-Site", "same-origin"))
                .expectStatus(200);
    }

    @Test
    void a_dns_rebinding_page_is_refused_even_though_its_origin_matches_the_host_header() throws Exception {
        String origin = "http://rebind.example:" + app.port();
        String body = "{\"email\":\"rebind@example.com\",\"password\":\"rebind-password\"}";
        String request = "POST /api/auth/login HTTP/1.1\r\nHost: rebind.example:" + app.port() + "\r\nOrigin: " + origin
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
        try (Socket socket = new Socket("127.0.0.1", app.port())) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 403").contains("CROSS_ORIGIN_REQUEST");
        }
    }

    @Test
    void an_x_api_key_header_does_not_exempt_a_cookie_request() {
        assertRefused(send("POST", "/api/admin/users", "application/json", NEW_USER, cookie("Origin", NEIGHBOUR, "x-api-key", "anything")),
                403, "CROSS_ORIGIN_REQUEST");
        assertThat(malloryExists()).isFalse();
    }

    @Test
    void scripts_without_origin_and_header_tokens_are_not_affected() {
        // A script (no Origin, no Sec-Fetch-Site) sending JSON with the cookie.
        send("POST", "/api/admin/users", "application/json", NEW_USER, cookie()).expectStatus(201);
        // A bearer token from any origin and content type: a page elsewhere cannot add this header without a pre-flight.
        send("POST", "/api/oauth/unlink", "text/plain", "", "Authorization", "Bearer " + admin, "Origin", NEIGHBOUR).expectStatus(200);
        send("POST", "/api/oauth/unlink", null, null, "x-immich-user-token", admin, "Origin", NEIGHBOUR).expectStatus(200);
    }

    @Test
    void reads_are_not_affected() {
        ApiResponse me = app.get("/api/users/me", cookie("Origin", NEIGHBOUR, "Sec-Fetch-Site", "cross-site"));

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.header("Cache-Control")).isEqualTo("no-store");
    }
}
