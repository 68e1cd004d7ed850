package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.adapter.session.Session;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import dev.immichkeycloak.adapter.testing.OAuthTestApp.Browser;
import dev.immichkeycloak.adapter.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Linking from user settings and unlinking, through HTTP. */
class OAuthLinkApiTest {

    private static final String SETTINGS = "https://photos.example/user-settings";

    @TempDir
    Path dataDir;
    private OAuthTestApp app;
    private User local;
    private Browser browser;

    @BeforeEach
    void start() {
        app = OAuthTestApp.start(dataDir);
        app.createAdmin();
        local = app.createLocalUser("dave@example.com");
        browser = app.browser();
        browser.cookies().put("immich_access_token", app.sessionFor(local));
        app.provider.subject("dave-at-idp").idTokenClaims(Map.of("email", "someone-else@example.com"));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private ApiResponse link() {
        String callbackUrl = browser.authorizeAtProvider(SETTINGS);
        return browser.postJson("/api/oauth/link", Map.of("url", callbackUrl));
    }

    @Test
    void link_answers_200_with_the_oauth_id_and_keeps_the_sid_on_the_session() {
        ApiResponse response = link();

        response.expectStatus(200);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
        JsonNode user = response.json();
        assertThat(user.get("id").asText()).isEqualTo(local.id());
        assertThat(user.get("oauthId").asText()).isEqualTo("dave-at-idp");
        assertThat(user.get("email").asText()).isEqualTo("dave@example.com");
        assertThat(response.setCookie("immich_oauth_state")).contains("Expires=Thu, 01 Jan 1970");
        Session session = app.services().sessions().listForUser(local.id()).get(0);
        assertThat(session.oauthSid()).isEqualTo("session-1");
        assertThat(session.idToken()).isNotBlank();

        // The linked identity now logs in as this user, whatever email it carries.
        ApiResponse login = app.browser().webLogin();
        assertThat(login.expectStatus(201).json().get("userId").asText()).isEqualTo(local.id());
    }

    @Test
    void linking_the_same_identity_again_is_fine() {
        link().expectStatus(200);

        assertThat(link().expectStatus(200).json().get("oauthId").asText()).isEqualTo("dave-at-idp");
    }

    @Test
    void an_identity_linked_to_someone_else_is_refused() {
        User other = app.createLocalUser("erin@example.com");
        app.services().users().linkOAuth(other.id(), app.provider.issuer(), "dave-at-idp");

        ApiResponse response = link();

        response.expectStatus(400);
        assertThat(response.message()).isEqualTo("This OAuth account has already been linked to another user.");
        assertThat(response.json().get("reason").asText()).isEqualTo("ALREADY_LINKED");
    }

    @Test
    void link_needs_a_signed_in_user_and_json() {
        Browser anonymous = app.browser();
        ApiResponse unauthenticated = anonymous.postJson("/api/oauth/link", Map.of("url", SETTINGS + "?code=x"));
        unauthenticated.expectStatus(401);
        assertThat(unauthenticated.message()).isEqualTo("Authentication required");

        ApiResponse form = browser.postForm("/api/oauth/link", "url=x");
        form.expectStatus(415);
        assertThat(form.json().get("reason").asText()).isEqualTo("JSON_BODY_REQUIRED");

        assertThat(browser.postJson("/api/oauth/link", Map.of()).expectStatus(400).messages())
                .containsExactly("[url] Invalid input: expected string, received undefined");
    }

    @Test
    void link_failures_are_500_failed_to_link_oauth_account() {
        String callbackUrl = browser.authorizeAtProvider(SETTINGS);
        browser.cookies().put("immich_oauth_state", "forged");

        ApiResponse response = browser.postJson("/api/oauth/link", Map.of("url", callbackUrl));

        response.expectStatus(500);
        assertThat(response.message()).isEqualTo("Failed to link oauth account");
        assertThat(response.json().get("reason").asText()).isEqualTo("STATE_MISMATCH");
    }

    @Test
    void a_login_started_while_signed_out_cannot_link_a_victim() {
        // CVE-2025-43856: the attacker's own authorization (not started by the victim) must not link the victim.
        Browser attacker = app.browser();
        String attackerCallback = attacker.authorizeAtProvider(SETTINGS);
        browser.cookies().put("immich_oauth_state", attacker.cookies().get("immich_oauth_state"));
        browser.cookies().put("immich_oauth_code_verifier", attacker.cookies().get("immich_oauth_code_verifier"));

        ApiResponse response = browser.postJson("/api/oauth/link", Map.of("url", attackerCallback));

        response.expectStatus(500);
        assertThat(response.json().get("reason").asText()).isEqualTo("FLOW_MISMATCH");
        assertThat(app.services().users().findById(local.id()).orElseThrow().oauthId()).isNull();
        assertThat(app.provider.tokenRequests()).isZero();
    }

    @Test
    void another_users_link_state_cannot_be_used() {
        User other = app.createLocalUser("frank@example.com");
        Browser otherBrowser = app.browser();
        otherBrowser.cookies().put("immich_access_token", app.sessionFor(other));
        String otherCallback = otherBrowser.authorizeAtProvider(SETTINGS);
        browser.cookies().put("immich_oauth_state", otherBrowser.cookies().get("immich_oauth_state"));
        browser.cookies().put("immich_oauth_code_verifier", otherBrowser.cookies().get("immich_oauth_code_verifier"));

        ApiResponse response = browser.postJson("/api/oauth/link", Map.of("url", otherCallback));

        response.expectStatus(500);
        assertThat(response.json().get("reason").asText()).isEqualTo("FLOW_MISMATCH");
    }

    @Test
    void unlink_clears_the_link_and_the_sessions_sid() {
        link().expectStatus(200);

        ApiResponse response = browser.postJson("/api/oauth/unlink", Map.of());

        response.expectStatus(200);
        assertThat(response.json().get("oauthId").asText()).isEmpty();
        assertThat(app.services().users().findById(local.id()).orElseThrow().oauthId()).isNull();
        Session session = app.services().sessions().listForUser(local.id()).get(0);
        assertThat(session.oauthSid()).isNull();
        assertThat(session.idToken()).isNull();
        assertThat(app.browser().postJson("/api/oauth/unlink", Map.of()).expectStatus(401).message()).isEqualTo("Authentication required");
    }
}
