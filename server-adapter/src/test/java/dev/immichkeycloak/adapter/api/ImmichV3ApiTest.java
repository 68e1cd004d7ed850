package dev.immichkeycloak.adapter.api;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.adapter.support.TestApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes and fields Immich v3 clients need (issue 11): {@code /api/admin/config}, {@code /api/config},
 * {@code /api/public/config}, {@code /api/auth/status}, {@code /api/auth/validateToken}, the v3 fields of the server info and
 * users, and {@code accountManagementUrl}. The full shapes are checked against the SDK's types by {@code ImmichSdkContractTest}.
 */
class ImmichV3ApiTest {

    @TempDir
    Path dataDir;

    @Test
    void admin_config_is_the_full_v3_shape_and_system_config_is_its_alias() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            JsonNode config = app.get("/api/admin/config", bearer(admin)).expectStatus(200).json();

            assertThat(config.fieldNames()).toIterable().contains("backup", "ffmpeg", "job", "oauth", "passwordLogin", "server", "user");
            assertThat(config.get("oauth").get("accountManagementUrl").asText()).isEmpty();
            assertThat(config.get("passwordLogin").get("enabled").asBoolean()).isTrue();
            assertThat(app.get("/api/system-config", bearer(admin)).json()).isEqualTo(config);
            assertThat(app.get("/api/admin/config/defaults", bearer(admin)).expectStatus(200).json()).isEqualTo(config);
            app.get("/api/admin/config").expectStatus(401);

            ObjectNode oauth = (ObjectNode) config.get("oauth");
            oauth.put("accountManagementUrl", "https://sso.example.com/me");
            JsonNode saved = app.put("/api/admin/config", config.toString(), bearer(admin)).expectStatus(200).json();
            assertThat(saved.get("oauth").get("accountManagementUrl").asText()).isEqualTo("https://sso.example.com/me");

            // A seed-era client does not send it: the value stays.
            oauth.remove("accountManagementUrl");
            JsonNode kept = app.put("/api/system-config", config.toString(), bearer(admin)).expectStatus(200).json();
            assertThat(kept.get("oauth").get("accountManagementUrl").asText()).isEqualTo("https://sso.example.com/me");

            oauth.put("accountManagementUrl", "not a url");
            assertThat(app.put("/api/admin/config", config.toString(), bearer(admin)).expectStatus(400).messages())
                    .containsExactly("[oauth.accountManagementUrl] Account management URL must be an empty string or a valid URL");
        }
    }

    @Test
    void user_and_public_config() {
        try (TestApp app = TestApp.start(dataDir)) {
            JsonNode publicConfig = app.get("/api/public/config").expectStatus(200).json();
            assertThat(publicConfig.get("oauth").get("enabled").asBoolean()).isFalse();
            assertThat(publicConfig.get("passwordLogin").get("enabled").asBoolean()).isTrue();
            assertThat(publicConfig.get("theme").get("customCss").asText()).isEmpty();
            assertThat(app.get("/api/public/config/defaults").expectStatus(200).json()).isEqualTo(publicConfig);

            app.get("/api/config").expectStatus(401);
            String admin = app.signUpAdminAndLogin();
            JsonNode userConfig = app.get("/api/config", bearer(admin)).expectStatus(200).json();
            assertThat(userConfig.get("oauth").get("buttonText").asText()).isEqualTo("Login with OAuth");
            assertThat(userConfig.get("trash").get("days").asInt()).isEqualTo(30);
            assertThat(userConfig.has("machineLearning")).isTrue();
            assertThat(app.get("/api/config/defaults", bearer(admin)).expectStatus(200).json()).isEqualTo(userConfig);
        }
    }

    @Test
    void auth_status_and_validate_token() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            JsonNode status = app.get("/api/auth/status", bearer(admin)).expectStatus(200).json();
            assertThat(status.get("password").asBoolean()).isTrue();
            assertThat(status.get("pinCode").asBoolean()).isFalse();
            assertThat(status.get("isElevated").asBoolean()).isFalse();
            assertThat(status.get("expiresAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

            assertThat(app.post("/api/auth/validateToken", "", bearer(admin)).expectStatus(200).json().get("authStatus").asBoolean()).isTrue();
            app.post("/api/auth/validateToken", "", bearer("not-a-token")).expectStatus(401);
            app.get("/api/auth/status").expectStatus(401);
        }
    }

    @Test
    void v3_fields_of_server_info_and_users() {
        try (TestApp app = TestApp.start(dataDir)) {
            JsonNode signUp = app.post("/api/auth/admin-sign-up",
                    app.json(java.util.Map.of("email", "a@example.com", "password", "password-1", "name", "A"))).expectStatus(201).json();
            assertThat(signUp.get("clusterGroupId").asText()).isEmpty();
            assertThat(app.get("/api/server/features").json().get("realtimeTranscoding").asBoolean()).isFalse();
            JsonNode serverConfig = app.get("/api/server/config").json();
            assertThat(serverConfig.get("minFaces").asInt()).isZero();
            assertThat(serverConfig.has("oauthAccountManagementUrl")).isFalse();

            assertThat(app.get("/api/server/ping").expectStatus(200).json().get("res").asText()).isEqualTo("pong");
            JsonNode version = app.get("/api/server/version").expectStatus(200).json();
            assertThat(version.get("major").asInt()).isEqualTo(3);
            assertThat(version.get("prerelease").isNull()).isTrue();
            assertThat(app.get("/api/server/media-types").expectStatus(200).json().get("image")).isEmpty();
            app.get("/api/server/version-history").expectStatus(401);
        }
    }

    @Test
    void account_management_url_is_the_setting_or_the_keycloak_account_console() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            ObjectNode config = (ObjectNode) app.get("/api/admin/config", bearer(admin)).json();
            ObjectNode oauth = (ObjectNode) config.get("oauth");
            oauth.put("enabled", true).put("issuerUrl", "https://sso.example.com/realms/immich/").put("clientId", "immich")
                    .put("clientSecret", "s3cret");
            app.put("/api/admin/config", config.toString(), bearer(admin)).expectStatus(200);
            assertThat(app.get("/api/server/config").json().get("oauthAccountManagementUrl").asText())
                    .isEqualTo("https://sso.example.com/realms/immich/account");

            oauth.put("accountManagementUrl", "https://accounts.example.com/");
            app.put("/api/admin/config", config.toString(), bearer(admin)).expectStatus(200);
            assertThat(app.get("/api/server/config").json().get("oauthAccountManagementUrl").asText()).isEqualTo("https://accounts.example.com/");

            oauth.put("accountManagementUrl", "").put("issuerUrl", "https://login.example.com/");
            app.put("/api/admin/config", config.toString(), bearer(admin)).expectStatus(200);
            assertThat(app.get("/api/server/config").json().has("oauthAccountManagementUrl")).isFalse();
        }
    }
}
