package dev.immichkeycloak.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.config.PasswordLoginConfig;
import dev.immichkeycloak.adapter.config.SystemConfig;
import dev.immichkeycloak.adapter.support.TestApp;
import dev.immichkeycloak.adapter.support.TestAppExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The public {@code /api/server/features} and {@code /api/server/config}. */
@ExtendWith(TestAppExtension.class)
class ServerApiTest {

    private final TestApp app;

    ServerApiTest(TestApp app) {
        this.app = app;
    }

    @Test
    void features_report_the_login_settings() {
        JsonNode features = app.get("/api/server/features").expectStatus(200).json();
        assertThat(features.get("oauth").asBoolean()).isFalse();
        assertThat(features.get("oauthAutoLaunch").asBoolean()).isFalse();
        assertThat(features.get("passwordLogin").asBoolean()).isTrue();
        assertThat(features.get("configFile").asBoolean()).isFalse();

        app.services().systemConfig().update(new SystemConfig(withOAuth(true, true, "Sign in with Keycloak"), new PasswordLoginConfig(false)));

        JsonNode changed = app.get("/api/server/features").json();
        assertThat(changed.get("oauth").asBoolean()).isTrue();
        assertThat(changed.get("oauthAutoLaunch").asBoolean()).isTrue();
        assertThat(changed.get("passwordLogin").asBoolean()).isFalse();
    }

    @Test
    void config_reports_the_button_text_and_whether_an_admin_exists() {
        JsonNode before = app.get("/api/server/config").expectStatus(200).json();
        assertThat(before.get("oauthButtonText").asText()).isEqualTo("Login with OAuth");
        assertThat(before.get("isInitialized").asBoolean()).isFalse();
        assertThat(before.get("loginPageMessage").asText()).isEmpty();
        assertThat(before.get("externalDomain").asText()).isEqualTo(app.services().settings().publicBaseUrl());

        app.signUpAdminAndLogin();
        app.services().systemConfig().update(new SystemConfig(withOAuth(true, false, "Sign in with Keycloak"), PasswordLoginConfig.defaults()));

        JsonNode after = app.get("/api/server/config").json();
        assertThat(after.get("oauthButtonText").asText()).isEqualTo("Sign in with Keycloak");
        assertThat(after.get("isInitialized").asBoolean()).isTrue();
    }

    static OAuthConfig withOAuth(boolean enabled, boolean autoLaunch, String buttonText) {
        OAuthConfig d = OAuthConfig.defaults();
        return new OAuthConfig(enabled, "https://sso.example.com/realms/immich", "immich", "s3cr3t-value", d.scope(), d.prompt(),
                d.tokenEndpointAuthMethod(), d.timeout(), d.allowInsecureRequests(), d.signingAlgorithm(), d.profileSigningAlgorithm(),
                d.storageLabelClaim(), d.storageQuotaClaim(), d.roleClaim(), d.defaultStorageQuota(), buttonText, d.autoRegister(), autoLaunch,
                d.mobileOverrideEnabled(), d.mobileRedirectUri(), d.endSessionEndpoint(), d.syncClaimsOnLogin());
    }
}
