package dev.immichkeycloak.adapter;

import static dev.immichkeycloak.adapter.testing.KeycloakAdapterApp.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.testing.AdapterBrowser;
import dev.immichkeycloak.adapter.testing.KeycloakAdapterApp;
import dev.immichkeycloak.adapter.testing.KeycloakAdapterExtension;
import dev.immichkeycloak.testing.KeycloakBrowser;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.NewUser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** RP-initiated logout at Keycloak's end-session endpoint, and Keycloak's back-channel logout into the adapter. */
@ExtendWith(KeycloakAdapterExtension.class)
class KeycloakLogoutIT {

    private static final Duration BACKCHANNEL_WAIT = Duration.ofSeconds(10);

    private final KeycloakServer keycloak;
    private final KeycloakAdapterApp app;

    KeycloakLogoutIT(KeycloakServer keycloak, KeycloakAdapterApp app) {
        this.keycloak = keycloak;
        this.app = app;
    }

    @Test
    void logout_sends_the_browser_to_keycloaks_end_session_endpoint_which_ends_the_sso_session_without_asking()
            throws Exception {
        NewUser jane = NewUser.named(unique("jane"));
        String sub = keycloak.admin().createUser(jane);
        AdapterBrowser browser = app.browser();
        KeycloakBrowser keycloakBrowser = keycloak.browser();
        app.webLogin(browser, keycloakBrowser, jane.username(), jane.password()).expectStatus(201);
        String sessionToken = browser.accessToken();
        JsonNode ssoSessions = keycloak.admin().userSessions(sub);
        assertThat(ssoSessions).hasSize(1);

        ApiResponse logout = browser.postJson("/api/auth/logout", Map.of());

        logout.expectStatus(200);
        assertThat(logout.json().get("successful").asBoolean()).isTrue();
        URI redirect = URI.create(logout.json().get("redirectUri").asText());
        assertThat(redirect.toString()).startsWith(keycloak.issuer() + "/protocol/openid-connect/logout?");
        Map<String, List<String>> params = URLUtils.parseParameters(redirect.getRawQuery());
        String postLogout = app.publicUrl() + "/auth/login?autoLaunch=0";
        assertThat(params.get("post_logout_redirect_uri")).containsExactly(postLogout);
        assertThat(params.get("client_id")).containsExactly(app.clientId());
        JWTClaimsSet hint = JWTParser.parse(params.get("id_token_hint").get(0)).getJWTClaimsSet();
        assertThat(hint.getSubject()).isEqualTo(sub);
        assertThat(hint.getIssuer()).isEqualTo(keycloak.issuer());
        assertThat(hint.getAudience()).contains(app.clientId());
        assertThat(hint.getStringClaim("sid")).isEqualTo(ssoSessions.get(0).get("id").asText());
        app.browser().get("/api/users/me", "Authorization", "Bearer " + sessionToken).expectStatus(401);

        HttpResponse<String> atKeycloak = keycloakBrowser.get(redirect);

        assertThat(atKeycloak.statusCode()).as(atKeycloak.body()).isEqualTo(302);
        assertThat(atKeycloak.headers().firstValue("Location")).contains(postLogout);
        assertThat(keycloak.admin().userSessions(sub)).isEmpty();
        assertThat(keycloakBrowser.hasSessionCookie()).isFalse();
        // The next login at Keycloak asks for the password again.
        URI authorization = app.authorize(app.browser(), Map.of("redirectUri", app.publicUrl() + "/auth/login"));
        assertThat(keycloakBrowser.get(authorization).statusCode()).isEqualTo(200);
    }

    @Test
    void ending_the_users_sessions_in_keycloak_ends_the_adapter_session_through_back_channel_logout() throws InterruptedException {
        NewUser kate = NewUser.named(unique("kate"));
        NewUser liam = NewUser.named(unique("liam"));
        String kateId = keycloak.admin().createUser(kate);
        keycloak.admin().createUser(liam);
        AdapterBrowser kateBrowser = app.loggedIn(kate.username(), kate.password());
        AdapterBrowser liamBrowser = app.loggedIn(liam.username(), liam.password());
        kateBrowser.me();

        keycloak.admin().logoutUser(kateId);

        int status = 200;
        Instant deadline = Instant.now().plus(BACKCHANNEL_WAIT);
        while (status == 200 && Instant.now().isBefore(deadline)) {
            status = kateBrowser.get("/api/users/me").status();
            if (status == 200) {
                Thread.sleep(100);
            }
        }
        assertThat(status).isEqualTo(401);
        assertThat(kateBrowser.get("/api/users/me").message()).isEqualTo("Invalid user token");
        liamBrowser.me();
    }
}
