package dev.immichkeycloak.adapter;

import static dev.immichkeycloak.adapter.testing.KeycloakAdapterApp.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.testing.AdapterBrowser;
import dev.immichkeycloak.adapter.testing.KeycloakAdapterApp;
import dev.immichkeycloak.adapter.testing.KeycloakAdapterExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.NewUser;
import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The mobile app's login with the mobile override (immich-api.md §4.3) against the real Keycloak: the app's own state and
 * PKCE pair, Keycloak redirecting to the adapter's mobile-redirect route, the 307 to {@code app.immich:///oauth-callback},
 * and the callback the app posts with that URL.
 */
@ExtendWith(KeycloakAdapterExtension.class)
class KeycloakMobileIT {

    private static final String APP_CALLBACK = "app.immich:///oauth-callback";

    private final KeycloakServer keycloak;
    private final KeycloakAdapterApp app;

    KeycloakMobileIT(KeycloakServer keycloak, KeycloakAdapterApp app) {
        this.keycloak = keycloak;
        this.app = app;
    }

    @Test
    void the_app_logs_in_through_the_mobile_redirect_with_its_own_state_and_pkce_pair() {
        String mobileRedirect = app.publicUrl() + "/api/oauth/mobile-redirect";
        app.configureOAuth(oauth -> oauth.put("mobileOverrideEnabled", true).put("mobileRedirectUri", mobileRedirect));
        NewUser mia = NewUser.named(unique("mia")).withAttribute("immich_quota", "3");
        String sub = keycloak.admin().createUser(mia);
        // The app keeps no cookies: it sends its own state and challenge, and later its state and verifier.
        String state = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        CodeVerifier verifier = new CodeVerifier();
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, verifier).getValue();

        URI authorization = app.authorize(app.browser(),
                Map.of("redirectUri", APP_CALLBACK, "state", state, "codeChallenge", challenge));
        Map<String, List<String>> request = URLUtils.parseParameters(authorization.getRawQuery());
        assertThat(request.get("redirect_uri")).containsExactly(mobileRedirect);
        assertThat(request.get("state")).containsExactly(state);
        assertThat(request.get("code_challenge")).containsExactly(challenge);
        assertThat(request.get("code_challenge_method")).containsExactly("S256");

        URI atAdapter = keycloak.authorizeRedirect(authorization.toString(), mia.username(), mia.password());
        assertThat(atAdapter.toString()).startsWith(mobileRedirect + "?");
        ApiResponse toApp = app.browser().get(atAdapter.getRawPath() + "?" + atAdapter.getRawQuery());
        toApp.expectStatus(307);
        URI appUrl = URI.create(toApp.header("Location"));
        assertThat(appUrl.toString()).startsWith(APP_CALLBACK + "?");
        Map<String, List<String>> response = URLUtils.parseParameters(appUrl.getRawQuery());
        assertThat(response.get("state")).containsExactly(state);
        assertThat(response.get("iss")).containsExactly(keycloak.issuer());
        assertThat(response.get("code")).singleElement().asString().isNotBlank();

        AdapterBrowser phone = app.browser();
        ApiResponse login = phone.postJson("/api/oauth/callback",
                Map.of("url", appUrl.toString(), "state", state, "codeVerifier", verifier.getValue()));

        login.expectStatus(201);
        String accessToken = login.json().get("accessToken").asText();
        JsonNode me = app.browser().get("/api/users/me", "Authorization", "Bearer " + accessToken).expectStatus(200).json();
        assertThat(me.get("oauthId").asText()).isEqualTo(sub);
        assertThat(me.get("quotaSizeInBytes").asLong()).isEqualTo(3L << 30);
    }

    @Test
    void a_verifier_that_does_not_match_the_apps_challenge_is_refused_before_the_code_goes_to_keycloak() {
        String mobileRedirect = app.publicUrl() + "/api/oauth/mobile-redirect";
        app.configureOAuth(oauth -> oauth.put("mobileOverrideEnabled", true).put("mobileRedirectUri", mobileRedirect));
        NewUser noah = NewUser.named(unique("noah"));
        keycloak.admin().createUser(noah);
        String state = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier()).getValue();
        URI authorization = app.authorize(app.browser(),
                Map.of("redirectUri", APP_CALLBACK, "state", state, "codeChallenge", challenge));
        URI atAdapter = keycloak.authorizeRedirect(authorization.toString(), noah.username(), noah.password());
        String appUrl = app.browser().get(atAdapter.getRawPath() + "?" + atAdapter.getRawQuery()).expectStatus(307).header("Location");

        ApiResponse login = app.browser().postJson("/api/oauth/callback",
                Map.of("url", appUrl, "state", state, "codeVerifier", new CodeVerifier().getValue()));

        login.expectStatus(500);
        assertThat(login.message()).isEqualTo("Failed to finish oauth");
        assertThat(login.json().get("reason").asText()).isEqualTo("CODE_VERIFIER_MISMATCH");
    }
}
