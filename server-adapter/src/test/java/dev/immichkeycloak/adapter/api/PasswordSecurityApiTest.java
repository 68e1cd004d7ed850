package dev.immichkeycloak.adapter.api;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.adapter.oidc.OAuthModule;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.LogCapture;
import dev.immichkeycloak.adapter.support.TestApp;
import dev.immichkeycloak.adapter.support.TestAppExtension;
import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import dev.immichkeycloak.adapter.user.NewUser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8 item 5: passwords, string lengths and request bodies that used to break things answer 4xx, never 500. */
@ExtendWith(TestAppExtension.class)
class PasswordSecurityApiTest {

    private static final String TOO_SHORT = "[password] Too small: expected string to have >=8 characters";
    private static final String TOO_LONG = "[password] Too big: expected string to have <=1024 characters";

    private final TestApp app;

    PasswordSecurityApiTest(TestApp app) {
        this.app = app;
    }

    private ApiResponse signUp(String email, String password, String name) {
        return app.post("/api/auth/admin-sign-up", app.json(Map.of("email", email, "password", password, "name", name)));
    }

    private ApiResponse login(String email, String password) {
        return app.post("/api/auth/login", app.json(Map.of("email", email, "password", password)));
    }

    @Test
    void sign_up_refuses_an_empty_or_short_password() {
        ApiResponse empty = signUp("admin@example.com", "", "Admin");
        ApiResponse seven = signUp("admin@example.com", "1234567", "Admin");

        assertThat(empty.expectStatus(400).messages()).containsExactly(TOO_SHORT);
        assertThat(seven.expectStatus(400).messages()).containsExactly(TOO_SHORT);
        assertThat(app.services().users().adminExists()).isFalse();
        assertThat(signUp("admin@example.com", "12345678", "Admin").status()).isEqualTo(201);
    }

    @Test
    void an_admin_cannot_create_a_user_with_an_empty_or_short_password() {
        String admin = app.signUpAdminAndLogin();

        ApiResponse empty = app.post("/api/admin/users", app.json(Map.of("email", "e@example.com", "password", "", "name", "E")), bearer(admin));
        ApiResponse shortOne = app.post("/api/admin/users", app.json(Map.of("email", "s@example.com", "password", "short", "name", "S")),
                bearer(admin));

        assertThat(empty.expectStatus(400).messages()).containsExactly(TOO_SHORT);
        assertThat(shortOne.expectStatus(400).messages()).containsExactly(TOO_SHORT);
        assertThat(app.services().users().findByEmail("e@example.com")).isEmpty();
    }

    @Test
    void an_empty_password_never_logs_in_even_when_an_old_account_has_one() {
        app.signUpAdminAndLogin();
        // An account from before the minimum, whose bcrypt hash is of "".
        String emptyHash = BCrypt.withDefaults().hashToString(10, new char[0]);
        app.services().users().insert(NewUser.local("old@example.com", "Old", emptyHash, null, null, false, false));

        login("old@example.com", "").expectStatus(401);
        login(TestApp.ADMIN_EMAIL, "").expectStatus(401);
    }

    @Test
    void login_does_not_apply_the_minimum_so_an_old_short_password_still_works() {
        app.signUpAdminAndLogin();
        String shortHash = app.services().passwordHasher().hash("abc");
        app.services().users().insert(NewUser.local("old@example.com", "Old", shortHash, null, null, false, false));

        login("old@example.com", "abc").expectStatus(201);
    }

    @Test
    void a_password_over_1024_characters_is_refused_naming_the_field() {
        String admin = app.signUpAdminAndLogin();
        String huge = "x".repeat(1025);

        ApiResponse created = app.post("/api/admin/users", app.json(Map.of("email", "h@example.com", "password", huge, "name", "H")),
                bearer(admin));

        assertThat(created.expectStatus(400).messages()).containsExactly(TOO_LONG);
        assertThat(signUp("other@example.com", huge, "Other").expectStatus(400).messages()).containsExactly(TOO_LONG);
    }

    @Test
    void a_password_longer_than_72_bytes_works_and_every_byte_of_it_counts() {
        // 100 characters, 150 UTF-8 bytes; the impostor shares the first 72 bytes.
        String password = "ä".repeat(50) + "x".repeat(50);
        String impostor = "ä".repeat(50) + "y".repeat(50);

        signUp("admin@example.com", password, "Admin").expectStatus(201);

        login("admin@example.com", password).expectStatus(201);
        login("admin@example.com", impostor).expectStatus(401);
    }

    @Test
    void login_with_a_2000_character_password_is_a_400_not_a_500() {
        app.signUpAdminAndLogin();

        ApiResponse known = login(TestApp.ADMIN_EMAIL, "p".repeat(2000));
        ApiResponse unknown = login("ghost@example.com", "p".repeat(2000));

        assertThat(known.expectStatus(400).messages()).containsExactly(TOO_LONG);
        assertThat(unknown.expectStatus(400).messages()).containsExactly(TOO_LONG);
    }

    @Test
    void long_names_labels_and_emails_are_400s_naming_each_field() {
        String admin = app.signUpAdminAndLogin();
        String longEmail = "a".repeat(310) + "@example.com";
        Map<String, Object> body = new HashMap<>(Map.of("email", longEmail, "password", "password-1", "name", "N".repeat(300),
                "storageLabel", "l".repeat(256)));

        ApiResponse created = app.post("/api/admin/users", app.json(body), bearer(admin));

        assertThat(created.expectStatus(400).messages()).containsExactly(
                "[email] Too big: expected string to have <=320 characters",
                "[name] Too big: expected string to have <=255 characters",
                "[storageLabel] Too big: expected string to have <=255 characters");
    }

    @Test
    void a_300_character_name_at_sign_up_is_a_400_and_255_is_fine() {
        assertThat(signUp("admin@example.com", "password-1", "N".repeat(300)).expectStatus(400).messages())
                .containsExactly("[name] Too big: expected string to have <=255 characters");

        JsonNode admin = signUp("admin@example.com", "password-1", "N".repeat(255)).expectStatus(201).json();
        assertThat(admin.get("name").asText()).hasSize(255);
    }

    @Test
    void a_login_email_too_long_for_the_column_is_a_400() {
        ApiResponse response = login("a".repeat(400) + "@example.com", "password-1");

        assertThat(response.expectStatus(400).messages()).containsExactly("[email] Too big: expected string to have <=320 characters");
    }

    @Test
    void a_broken_chunked_body_is_a_json_400_and_no_stack_trace() throws IOException {
        try (LogCapture logs = new LogCapture()) {
            RawResponse response = raw("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "ZZ\r\n{\"email\":\"a@example.com\"}\r\n0\r\n\r\n", false);

            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(response.json().get("statusCode").asInt()).isEqualTo(400);
            assertThat(response.json().get("message").asText()).isEqualTo("Malformed request body");
            assertThat(logs.text()).doesNotContain("\tat ", "ERROR");
        }
    }

    @Test
    void a_chunked_body_cut_off_mid_chunk_is_a_json_400() throws IOException {
        RawResponse response = raw("POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "50\r\n{\"email\":\"a@example.com\"", true);

        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.json().get("message").asText()).isEqualTo("Malformed request body");
    }

    @Test
    void a_body_shorter_than_its_content_length_is_a_json_400() throws IOException {
        RawResponse response = raw("POST /api/auth/admin-sign-up HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 200\r\nConnection: close\r\n\r\n{\"email\":\"a@example.com\"", true);

        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(response.json().get("message").asText()).isEqualTo("Malformed request body");
    }

    @Test
    void a_broken_form_body_on_the_back_channel_logout_is_a_400(@TempDir Path oauthDataDir) throws IOException {
        // The back-channel route belongs to the OAuth part and reads a form body, not JSON.
        try (TestApp oauth = TestApp.start(oauthDataDir, Map.of(), OAuthModule::extensions)) {
            RawResponse response = raw(oauth.port(), "POST /api/oauth/backchannel-logout HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "ZZ\r\nlogout_token=x\r\n0\r\n\r\n", false);

            assertThat(response.status()).as(response.text()).isEqualTo(400);
            assertThat(response.json().get("message").asText()).isEqualTo("Malformed request body");
        }
    }

    @Test
    void an_unknown_charset_is_a_415_as_in_immich() {
        ApiResponse response = app.send(app.request("/api/auth/login", "Content-Type", "application/json; charset=no-such-charset")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));

        response.expectStatus(415);
        assertThat(response.message()).isEqualTo("Unsupported charset");
        assertThat(response.json().get("error").asText()).isEqualTo("Unsupported Media Type");
    }

    @Test
    void oversized_oauth_body_fields_are_refused_without_a_500(@TempDir Path oauthDataDir) {
        try (OAuthTestApp oauth = OAuthTestApp.start(oauthDataDir)) {
            String huge = "x".repeat(5000);
            var browser = oauth.browser();

            ApiResponse redirect = browser.postJson("/api/oauth/authorize", Map.of("redirectUri", "https://photos.example/" + huge));
            ApiResponse state = browser.postJson("/api/oauth/authorize",
                    Map.of("redirectUri", "https://photos.example/auth/login", "state", huge));
            ApiResponse challenge = browser.postJson("/api/oauth/authorize",
                    Map.of("redirectUri", "https://photos.example/auth/login", "codeChallenge", huge));
            ApiResponse callback = browser.postJson("/api/oauth/callback",
                    Map.of("url", "https://photos.example/auth/login?code=" + huge + "&state=" + huge, "state", huge, "codeVerifier", huge));

            for (ApiResponse response : List.of(redirect, state, challenge)) {
                assertThat(response.status()).as(response.body()).isBetween(400, 499);
            }
            // A callback for a state nobody started keeps Immich's generic 500, but as a named failure, not a crash.
            assertThat(callback.json().get("reason").asText()).as(callback.body()).isEqualTo("STATE_MISMATCH");
        }
    }

    /** What came back on a raw socket: the status line's code and the text after the headers. */
    private record RawResponse(int status, String text) {

        JsonNode json() {
            String body = text.substring(text.indexOf("\r\n\r\n") + 4);
            try {
                return Json.newMapper().readTree(body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1));
            } catch (IOException | StringIndexOutOfBoundsException e) {
                throw new AssertionError("No JSON body in " + text, e);
            }
        }
    }

    /** Writes {@code request} as bytes (optionally half-closing, so the server sees the body end early) and reads the answer. */
    private RawResponse raw(String request, boolean endEarly) throws IOException {
        return raw(app.port(), request, endEarly);
    }

    private static RawResponse raw(int port, String request, boolean endEarly) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            if (endEarly) {
                socket.shutdownOutput();
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // Whatever arrived before the server stopped talking is the answer.
            }
            String text = received.toString(StandardCharsets.UTF_8);
            assertThat(text).as("an HTTP response").startsWith("HTTP/1.1 ");
            return new RawResponse(Integer.parseInt(text.substring(9, 12)), text);
        }
    }
}
