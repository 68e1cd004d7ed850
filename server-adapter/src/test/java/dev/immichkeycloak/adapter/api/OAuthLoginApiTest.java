package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.immichkeycloak.adapter.session.Session;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import dev.immichkeycloak.adapter.testing.OAuthTestApp.Browser;
import dev.immichkeycloak.adapter.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** authorize and callback through HTTP against the fake provider: Immich's statuses, bodies, cookies and messages. */
class OAuthLoginApiTest {

    private static final String LOGIN_PAGE = "https://photos.example/auth/login";
    private static final String APP_VERIFIER = "app-held-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path dataDir;
    private OAuthTestApp app;

    @BeforeEach
    void start() {
        app = OAuthTestApp.start(dataDir);
        app.createAdmin();
        app.provider.idTokenClaims(Map.of("email", "alice@example.com", "email_verified", true, "name", "Alice Example",
                "preferred_username", "alice"));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private static void assertSafeHeaders(ApiResponse response) {
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
    }

    private static void assertError(ApiResponse response, int status, String message, String reason) {
        response.expectStatus(status);
        JsonNode body = response.json();
        assertThat(body.get("message").asText()).isEqualTo(message);
        assertThat(body.get("statusCode").asInt()).isEqualTo(status);
        assertThat(body.get("correlationId").asText()).isNotBlank();
        if (reason == null) {
            assertThat(body.has("reason")).isFalse();
        } else {
            assertThat(body.get("reason").asText()).isEqualTo(reason);
        }
    }

    @Test
    void authorize_answers_201_with_the_url_and_ten_minute_cookies() {
        ApiResponse response = app.browser().postJson("/api/oauth/authorize", Map.of("redirectUri", LOGIN_PAGE));

        response.expectStatus(201);
        assertSafeHeaders(response);
        URI url = URI.create(response.json().get("url").asText());
        Map<String, List<String>> params = URLUtils.parseParameters(url.getRawQuery());
        assertThat(url.toString()).startsWith(app.provider.issuer() + "/authorize?");
        assertThat(params.get("state").get(0)).hasSize(43);
        assertThat(params.get("code_challenge_method").get(0)).isEqualTo("S256");
        assertThat(params).containsKeys("nonce", "code_challenge");
        assertThat(response.setCookie("immich_oauth_state")).startsWith("immich_oauth_state=" + params.get("state").get(0))
                .contains("Max-Age=600", "Path=/", "HttpOnly", "SameSite=Lax");
        assertThat(response.setCookie("immich_oauth_code_verifier")).contains("Max-Age=600", "HttpOnly");
    }

    @Test
    void authorize_for_the_app_keeps_its_state_and_sets_no_verifier_cookie() {
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(APP_VERIFIER)).getValue();

        ApiResponse response = app.browser().postJson("/api/oauth/authorize",
                Map.of("redirectUri", "app.immich:///oauth-callback", "state", "AppState0123456789abcdefABCDEF", "codeChallenge", challenge));

        response.expectStatus(201);
        Map<String, List<String>> params = URLUtils.parseParameters(URI.create(response.json().get("url").asText()).getRawQuery());
        assertThat(params.get("state")).containsExactly("AppState0123456789abcdefABCDEF");
        assertThat(params.get("code_challenge")).containsExactly(challenge);
        assertThat(response.setCookies()).noneMatch(c -> c.startsWith("immich_oauth_code_verifier="));
    }

    @Test
    void authorize_validates_like_immich() {
        Browser browser = app.browser();
        assertThat(browser.postJson("/api/oauth/authorize", Map.of()).expectStatus(400).messages())
                .containsExactly("[redirectUri] Invalid input: expected string, received undefined");

        assertError(browser.postJson("/api/oauth/authorize", Map.of("redirectUri", "https://evil.example/steal")), 400,
                "Invalid redirect URI", "REDIRECT_URI_NOT_ALLOWED");
        assertError(browser.postJson("/api/oauth/authorize", Map.of("redirectUri", "")), 400, "Invalid redirect URI",
                "REDIRECT_URI_NOT_ALLOWED");

        app.configure(c -> c.enabled = false);
        assertError(browser.postJson("/api/oauth/authorize", Map.of("redirectUri", LOGIN_PAGE)), 400, "OAuth is not enabled", "OAUTH_DISABLED");
    }

    @Test
    void authorize_reports_discovery_failures_without_internal_detail() {
        app.configure(c -> c.issuerUrl = "http://127.0.0.1:1/realms/nowhere");

        ApiResponse response = app.browser().postJson("/api/oauth/authorize", Map.of("redirectUri", LOGIN_PAGE));

        assertError(response, 500, "Error in OAuth discovery: the provider could not be reached or answered with an error",
                "DISCOVERY_FAILED");
        assertThat(response.body()).doesNotContain("127.0.0.1");
        assertSafeHeaders(response);
    }

    @Test
    void a_client_state_used_twice_is_failed_to_start_oauth() {
        Map<String, String> body = Map.of("redirectUri", "app.immich:///oauth-callback", "state", "ReusedState0123456789abcdef");
        app.browser().postJson("/api/oauth/authorize", body).expectStatus(201);

        assertError(app.browser().postJson("/api/oauth/authorize", body), 500, "Failed to start oauth", "STATE_MISMATCH");
    }

    @Test
    void a_web_login_answers_201_with_the_login_response_and_session_cookies() {
        Browser browser = app.browser();

        ApiResponse response = browser.webLogin();

        response.expectStatus(201);
        assertSafeHeaders(response);
        JsonNode body = response.json();
        assertThat(body.get("accessToken").asText()).matches("[A-Za-z0-9_]+");
        assertThat(body.get("userEmail").asText()).isEqualTo("alice@example.com");
        assertThat(body.get("name").asText()).isEqualTo("Alice Example");
        assertThat(body.get("isAdmin").asBoolean()).isFalse();
        assertThat(body.get("shouldChangePassword").asBoolean()).isTrue();
        assertThat(body.get("profileImagePath").asText()).isEmpty();
        assertThat(body.has("isOnboarded")).isTrue();
        assertThat(response.setCookie("immich_access_token")).startsWith("immich_access_token=" + body.get("accessToken").asText());
        assertThat(response.setCookie("immich_auth_type")).startsWith("immich_auth_type=oauth");
        assertThat(response.setCookie("immich_is_authenticated")).startsWith("immich_is_authenticated=true");
        assertThat(response.setCookie("immich_oauth_state")).contains("Expires=Thu, 01 Jan 1970");
        assertThat(response.setCookie("immich_oauth_code_verifier")).contains("Expires=Thu, 01 Jan 1970");
        assertThat(browser.cookies()).doesNotContainKeys("immich_oauth_state", "immich_oauth_code_verifier");
        assertThat(browser.me().get("email").asText()).isEqualTo("alice@example.com");

        User user = app.services().users().findByOAuth(app.provider.issuer(), "user-123").orElseThrow();
        Session session = app.services().sessions().listForUser(user.id()).get(0);
        assertThat(session.oauthSid()).isEqualTo("session-1");
        assertThat(session.idToken()).isNotBlank();
    }

    @Test
    void the_second_login_finds_the_same_user_by_issuer_and_subject() {
        String first = app.browser().webLogin().expectStatus(201).json().get("userId").asText();
        app.provider.idTokenClaims(Map.of("email", "alice.new@example.com", "email_verified", true));

        String second = app.browser().webLogin().expectStatus(201).json().get("userId").asText();

        assertThat(second).isEqualTo(first);
    }

    /** Refused before the route runs (the cross-site guard), so the refused request changes nothing, not even the cookies. */
    @Test
    void callback_accepts_json_only() {
        Browser browser = app.browser();
        String callbackUrl = browser.authorizeAtProvider(LOGIN_PAGE);

        ApiResponse response = browser.postForm("/api/oauth/callback", "url=" + URLUtils.serializeParameters(Map.of("u", List.of(callbackUrl))));

        assertError(response, 415, "Content-Type must be application/json", "JSON_BODY_REQUIRED");
        assertThat(response.setCookies()).isEmpty();
    }

    @Test
    void callback_validates_the_body_like_immich() {
        Browser browser = app.browser();
        assertThat(browser.postJson("/api/oauth/callback", Map.of()).expectStatus(400).messages())
                .containsExactly("[url] Invalid input: expected string, received undefined");
        assertThat(browser.postJson("/api/oauth/callback", Map.of("url", "")).expectStatus(400).messages())
                .containsExactly("[url] Too small: expected string to have >=1 characters");
        Map<String, Object> nullState = new HashMap<>();
        nullState.put("url", LOGIN_PAGE + "?code=x");
        nullState.put("state", null);
        assertThat(browser.postJson("/api/oauth/callback", nullState).expectStatus(400).messages())
                .containsExactly("[state] Invalid input: expected string, received null");
    }

    @Test
    void callback_without_state_or_verifier_gets_immichs_400s() {
        Browser browser = app.browser();
        assertError(browser.postJson("/api/oauth/callback", Map.of("url", LOGIN_PAGE + "?code=x&state=y")), 400,
                "OAuth state is missing", "STATE_MISSING");
        assertError(browser.postJson("/api/oauth/callback", Map.of("url", LOGIN_PAGE + "?code=x&state=y", "state", "y")), 400,
                "OAuth code verifier is missing", "CODE_VERIFIER_MISSING");
        // Immich's "??": an explicit empty state in the body does not fall back to the cookie.
        String callbackUrl = browser.authorizeAtProvider(LOGIN_PAGE);
        assertError(browser.postJson("/api/oauth/callback", Map.of("url", callbackUrl, "state", "")), 400,
                "OAuth state is missing", "STATE_MISSING");
    }

    @Test
    void callback_when_disabled_is_400() {
        Browser browser = app.browser();
        String callbackUrl = browser.authorizeAtProvider(LOGIN_PAGE);
        app.configure(c -> c.enabled = false);

        assertError(browser.postJson("/api/oauth/callback", Map.of("url", callbackUrl)), 400, "OAuth is not enabled", "OAUTH_DISABLED");
    }

    @Test
    void protocol_failures_are_500_failed_to_finish_oauth_with_a_reason() {
        Browser browser = app.browser();
        String callbackUrl = browser.authorizeAtProvider(LOGIN_PAGE);
        browser.cookies().put("immich_oauth_state", "forged-state");
        assertError(browser.postJson("/api/oauth/callback", Map.of("url", callbackUrl)), 500, "Failed to finish oauth", "STATE_MISMATCH");

        Browser replay = app.browser();
        String replayUrl = replay.authorizeAtProvider(LOGIN_PAGE);
        Map<String, String> saved = Map.copyOf(replay.cookies());
        replay.postJson("/api/oauth/callback", Map.of("url", replayUrl)).expectStatus(201);
        replay.cookies().putAll(saved);
        assertError(replay.postJson("/api/oauth/callback", Map.of("url", replayUrl)), 500, "Failed to finish oauth", "STATE_MISMATCH");

        Browser wrongVerifier = app.browser();
        String wrongVerifierUrl = wrongVerifier.authorizeAtProvider(LOGIN_PAGE);
        assertError(wrongVerifier.postJson("/api/oauth/callback", Map.of("url", wrongVerifierUrl, "codeVerifier", APP_VERIFIER)), 500,
                "Failed to finish oauth", "CODE_VERIFIER_MISMATCH");
    }

    @Test
    void each_provider_misbehaviour_has_its_reason() {
        assertReason(() -> app.provider.authorizeError("access_denied", "<b>denied</b>"), () -> app.provider.authorizeError(null, null),
                "PROVIDER_ERROR");
        assertReason(() -> app.provider.sendIssInResponse(false), () -> app.provider.sendIssInResponse(true), "ISSUER_MISMATCH");
        assertReason(() -> app.provider.tokenError("invalid_grant"), () -> app.provider.tokenError(null), "TOKEN_REQUEST_FAILED");
        assertReason(() -> app.provider.idTokenCustomizer(c -> c.audience("someone-else")), () -> app.provider.idTokenCustomizer(c -> { }),
                "ID_TOKEN_INVALID");
        assertReason(() -> app.provider.userInfoSubject("someone-else"), () -> app.provider.userInfoSubject(null), "USERINFO_INVALID");
    }

    private void assertReason(Runnable script, Runnable reset, String reason) {
        script.run();
        try {
            ApiResponse response = app.browser().webLogin();
            assertError(response, 500, "Failed to finish oauth", reason);
            assertThat(response.body()).doesNotContain("<b>").doesNotContain("denied");
            assertSafeHeaders(response);
        } finally {
            reset.run();
        }
    }

    @Test
    void the_mobile_app_logs_in_through_the_override_and_the_mobile_redirect() {
        app.configure(c -> {
            c.mobileOverrideEnabled = true;
            c.mobileRedirectUri = "https://photos.example/api/oauth/mobile-redirect";
        });
        Browser phone = app.browser();
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(APP_VERIFIER)).getValue();
        String state = "PhoneState0123456789abcdefABCDEF";
        ApiResponse authorize = phone.postJson("/api/oauth/authorize",
                Map.of("redirectUri", "app.immich:///oauth-callback", "state", state, "codeChallenge", challenge)).expectStatus(201);
        URI url = URI.create(authorize.json().get("url").asText());
        assertThat(URLUtils.parseParameters(url.getRawQuery()).get("redirect_uri"))
                .containsExactly("https://photos.example/api/oauth/mobile-redirect");

        // The provider sends the system browser to the mobile-redirect route, which hands the query to the app.
        String providerRedirect = app.provider.authorize(url);
        String query = URI.create(providerRedirect).getRawQuery();
        ApiResponse forwarded = phone.get("/api/oauth/mobile-redirect?" + query).expectStatus(307);
        String appUrl = forwarded.header("Location");
        assertThat(appUrl).startsWith("app.immich:///oauth-callback?code=");

        // The app posts without cookies: state and verifier come from the body.
        Browser app2 = app.browser();
        ApiResponse login = app2.postJson("/api/oauth/callback", Map.of("url", appUrl, "state", state, "codeVerifier", APP_VERIFIER));

        login.expectStatus(201);
        assertThat(login.json().get("userEmail").asText()).isEqualTo("alice@example.com");
        assertThat(app.provider.lastTokenParam("redirect_uri")).isEqualTo("https://photos.example/api/oauth/mobile-redirect");
    }

    @Test
    void the_mobile_app_without_override_uses_the_app_scheme_throughout() {
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(APP_VERIFIER)).getValue();
        Browser phone = app.browser();
        ApiResponse authorize = phone.postJson("/api/oauth/authorize",
                Map.of("redirectUri", "app.immich:///oauth-callback", "state", "S0123456789abcdefABCDEF0123456789", "codeChallenge", challenge));
        String appUrl = app.provider.authorize(URI.create(authorize.json().get("url").asText()));

        ApiResponse login = app.browser().postJson("/api/oauth/callback",
                Map.of("url", appUrl, "state", "S0123456789abcdefABCDEF0123456789", "codeVerifier", APP_VERIFIER));

        login.expectStatus(201);
        assertThat(app.provider.lastTokenParam("redirect_uri")).isEqualTo("app.immich:///oauth-callback");
    }
}
