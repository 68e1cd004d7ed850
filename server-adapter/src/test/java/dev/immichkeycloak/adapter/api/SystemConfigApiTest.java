package dev.immichkeycloak.adapter.api;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.LogCapture;
import dev.immichkeycloak.adapter.support.TestApp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET|PUT /api/system-config} and {@code /defaults}: admin only, Immich's validation, the file lock, the secret. */
class SystemConfigApiTest {

    private static final String SECRET = "kc-client-secret-9f8e7d";

    @TempDir
    Path dataDir;

    @Test
    void get_returns_every_setting_with_immich_names_and_defaults() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();

            JsonNode config = app.get("/api/system-config", bearer(admin)).expectStatus(200).json();

            assertThat(config.get("oauth").fieldNames()).toIterable().containsExactly("enabled", "issuerUrl", "clientId", "clientSecret",
                    "scope", "prompt", "tokenEndpointAuthMethod", "timeout", "allowInsecureRequests", "signingAlgorithm",
                    "profileSigningAlgorithm", "storageLabelClaim", "storageQuotaClaim", "roleClaim", "defaultStorageQuota", "buttonText",
                    "autoRegister", "autoLaunch", "mobileOverrideEnabled", "mobileRedirectUri", "endSessionEndpoint", "syncClaimsOnLogin", "accountManagementUrl");
            assertThat(config.get("oauth").get("scope").asText()).isEqualTo("openid email profile");
            assertThat(config.get("oauth").get("timeout").asInt()).isEqualTo(30000);
            assertThat(config.get("passwordLogin").get("enabled").asBoolean()).isTrue();
            assertThat(app.get("/api/system-config/defaults", bearer(admin)).expectStatus(200).json()).isEqualTo(config);
        }
    }

    @Test
    void put_stores_the_config_and_empty_strings_revert_to_defaults() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            ObjectNode config = (ObjectNode) app.get("/api/system-config", bearer(admin)).json();
            ObjectNode oauth = (ObjectNode) config.get("oauth");
            oauth.put("enabled", "true");
            oauth.put("issuerUrl", "https://sso.example.com/realms/immich");
            oauth.put("clientId", "immich");
            oauth.put("clientSecret", SECRET);
            oauth.put("scope", "");
            oauth.put("buttonText", "Sign in with Keycloak");
            oauth.put("syncClaimsOnLogin", true);
            config.putObject("ffmpeg").put("crf", 23);

            JsonNode saved = app.put("/api/system-config", config.toString(), bearer(admin)).expectStatus(200).json();

            assertThat(saved.get("oauth").get("enabled").asBoolean()).isTrue();
            assertThat(saved.get("oauth").get("scope").asText()).isEqualTo("openid email profile");
            assertThat(saved.get("oauth").get("clientSecret").asText()).isEqualTo(SECRET);
            assertThat(saved.get("oauth").get("syncClaimsOnLogin").asBoolean()).isTrue();
            // Sections the adapter does not implement are Immich v3's skeleton (see ImmichConfigViews): a value sent there is not kept.
            assertThat(saved.get("ffmpeg").get("crf").asInt()).isZero();
            assertThat(app.get("/api/system-config", bearer(admin)).json()).isEqualTo(saved);
            assertThat(app.services().systemConfig().get().oauth().enabled()).isTrue();
        }
    }

    @Test
    void put_reports_immich_validation_messages() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            ObjectNode config = (ObjectNode) app.get("/api/system-config", bearer(admin)).json();
            ObjectNode oauth = (ObjectNode) config.get("oauth");
            oauth.put("issuerUrl", "not a url");
            oauth.put("endSessionEndpoint", "also not");
            oauth.put("mobileRedirectUri", "nope");
            oauth.put("timeout", 0);
            oauth.put("defaultStorageQuota", -1);
            oauth.put("tokenEndpointAuthMethod", "private_key_jwt");
            oauth.put("signingAlgorithm", "none");
            oauth.put("profileSigningAlgorithm", "XS256");
            oauth.put("autoLaunch", "yes");
            oauth.remove("clientId");

            ApiResponse response = app.put("/api/system-config", config.toString(), bearer(admin));

            response.expectStatus(400);
            assertThat(response.messages()).containsExactly(
                    "[oauth.issuerUrl] Issuer URL must be an empty string or a valid URL",
                    "[oauth.clientId] Invalid input: expected string, received undefined",
                    "[oauth.tokenEndpointAuthMethod] Invalid option: expected one of \"client_secret_post\"|\"client_secret_basic\"",
                    "[oauth.timeout] Too small: expected number to be >=1",
                    "[oauth.signingAlgorithm] Invalid option: expected one of "
                            + "\"RS256\"|\"RS384\"|\"RS512\"|\"PS256\"|\"PS384\"|\"PS512\"|\"ES256\"|\"ES384\"|\"ES512\"|\"EdDSA\"|\"HS256\"|\"HS384\"|\"HS512\"",
                    "[oauth.profileSigningAlgorithm] Invalid option: expected one of "
                            + "\"none\"|\"RS256\"|\"RS384\"|\"RS512\"|\"PS256\"|\"PS384\"|\"PS512\"|\"ES256\"|\"ES384\"|\"ES512\"|\"EdDSA\"|\"HS256\"|\"HS384\"|\"HS512\"",
                    "[oauth.defaultStorageQuota] Too small: expected number to be >=0",
                    "[oauth.autoLaunch] Invalid input: expected boolean, received string",
                    "[oauth.mobileRedirectUri] Mobile redirect URI must be an empty string or a valid URL",
                    "[oauth.endSessionEndpoint] endSessionEndpoint must be an empty string or a valid URL");
        }
    }

    @Test
    void url_settings_take_http_s_urls_only_and_the_mobile_redirect_also_an_app_scheme() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            ObjectNode config = (ObjectNode) app.get("/api/system-config", bearer(admin)).json();
            ObjectNode oauth = (ObjectNode) config.get("oauth");
            oauth.put("issuerUrl", "file:///etc/passwd");
            oauth.put("mobileRedirectUri", "javascript:alert(document.domain)");
            oauth.put("endSessionEndpoint", "javascript:alert(document.domain)");

            ApiResponse refused = app.put("/api/system-config", config.toString(), bearer(admin));

            refused.expectStatus(400);
            assertThat(refused.messages()).containsExactly(
                    "[oauth.issuerUrl] Issuer URL must be an http(s) URL",
                    "[oauth.mobileRedirectUri] Mobile redirect URI must be an http(s) URL or an app scheme URI such as"
                            + " app.immich:///oauth-callback",
                    "[oauth.endSessionEndpoint] endSessionEndpoint must be an http(s) URL");
            assertThat(app.services().systemConfig().get().oauth().endSessionEndpoint()).isEmpty();

            oauth.put("issuerUrl", "https://sso.example.com/realms/immich");
            oauth.put("mobileRedirectUri", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==");
            oauth.put("endSessionEndpoint", "vbscript:msgbox(1)");
            assertThat(app.put("/api/system-config", config.toString(), bearer(admin)).expectStatus(400).messages()).containsExactly(
                    "[oauth.mobileRedirectUri] Mobile redirect URI must be an http(s) URL or an app scheme URI such as"
                            + " app.immich:///oauth-callback",
                    "[oauth.endSessionEndpoint] endSessionEndpoint must be an http(s) URL");

            oauth.put("mobileRedirectUri", "app.immich:///oauth-callback");
            oauth.put("endSessionEndpoint", "http://sso.example.com/realms/immich/protocol/openid-connect/logout");
            JsonNode saved = app.put("/api/system-config", config.toString(), bearer(admin)).expectStatus(200).json();
            assertThat(saved.get("oauth").get("mobileRedirectUri").asText()).isEqualTo("app.immich:///oauth-callback");

            oauth.put("issuerUrl", "");
            oauth.put("mobileRedirectUri", "https://photos.example.com/api/oauth/mobile-redirect");
            oauth.put("endSessionEndpoint", "");
            saved = app.put("/api/system-config", config.toString(), bearer(admin)).expectStatus(200).json();
            assertThat(saved.get("oauth").get("issuerUrl").asText()).isEmpty();
            assertThat(saved.get("oauth").get("endSessionEndpoint").asText()).isEmpty();
        }
    }

    @Test
    void system_config_routes_are_admin_only() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            String user = app.createUserAndLogin(admin, "user@example.com", "user-password");
            String body = app.get("/api/system-config", bearer(admin)).body();

            for (ApiResponse response : new ApiResponse[] {app.get("/api/system-config", bearer(user)),
                    app.get("/api/system-config/defaults", bearer(user)), app.put("/api/system-config", body, bearer(user))}) {
                response.expectStatus(403);
                assertThat(response.message()).isEqualTo("Forbidden");
            }
            app.get("/api/system-config").expectStatus(401);
        }
    }

    @Test
    void a_json_config_file_makes_the_config_read_only() throws IOException {
        Path file = Files.writeString(dataDir.resolve("immich.json"),
                "{\"oauth\": {\"enabled\": true, \"issuerUrl\": \"https://sso.example.com/realms/immich\", \"clientSecret\": \"" + SECRET
                        + "\", \"buttonText\": \"Keycloak\"}, \"passwordLogin\": {\"enabled\": \"false\"}, \"ffmpeg\": {\"crf\": 30}}");
        assertReadOnly(file);
    }

    @Test
    void a_yaml_config_file_makes_the_config_read_only() throws IOException {
        Path file = Files.writeString(dataDir.resolve("immich.yaml"), String.join("\n",
                "oauth:",
                "  enabled: true",
                "  issuerUrl: https://sso.example.com/realms/immich",
                "  clientSecret: " + SECRET,
                "  buttonText: Keycloak",
                "passwordLogin:",
                "  enabled: false",
                ""));
        assertReadOnly(file);
    }

    @Test
    void the_client_secret_never_reaches_public_endpoints_or_the_log() {
        try (LogCapture logs = new LogCapture(); TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            ObjectNode config = (ObjectNode) app.get("/api/system-config", bearer(admin)).json();
            ((ObjectNode) config.get("oauth")).put("enabled", true).put("clientSecret", SECRET);
            app.put("/api/system-config", config.toString(), bearer(admin)).expectStatus(200);
            ((ObjectNode) config.get("oauth")).put("timeout", -5);
            app.put("/api/system-config", config.toString(), bearer(admin)).expectStatus(400);

            assertThat(app.get("/api/server/features").body()).doesNotContain(SECRET);
            assertThat(app.get("/api/server/config").body()).doesNotContain(SECRET);
            assertThat(app.get("/api/system-config/defaults", bearer(admin)).body()).doesNotContain(SECRET);
            assertThat(app.services().systemConfig().get().toString()).doesNotContain(SECRET).contains("clientSecret=<set>");
            assertThat(logs.text()).contains("System config updated").doesNotContain(SECRET);
        }
        // A restart loads the stored config (and logs it at DEBUG) without the secret in the log either.
        try (LogCapture logs = new LogCapture(); TestApp app = TestApp.start(dataDir)) {
            assertThat(app.services().systemConfig().get().oauth().clientSecret()).isEqualTo(SECRET);
            assertThat(logs.text()).contains("Loaded system config").doesNotContain(SECRET);
        }
    }

    private void assertReadOnly(Path file) {
        try (TestApp app = TestApp.start(dataDir, Map.of("IMMICH_CONFIG_FILE", file.toString()), AdapterExtensions.none())) {
            String admin = app.signUpAdminWithSession();
            JsonNode config = app.get("/api/system-config", bearer(admin)).expectStatus(200).json();
            assertThat(config.get("oauth").get("enabled").asBoolean()).isTrue();
            assertThat(config.get("oauth").get("buttonText").asText()).isEqualTo("Keycloak");
            assertThat(config.get("oauth").get("clientSecret").asText()).isEqualTo(SECRET);
            assertThat(config.get("passwordLogin").get("enabled").asBoolean()).isFalse();
            assertThat(app.get("/api/server/features").json().get("configFile").asBoolean()).isTrue();

            ApiResponse put = app.put("/api/system-config", config.toString(), bearer(admin));

            put.expectStatus(400);
            assertThat(put.message()).isEqualTo("Cannot update configuration while IMMICH_CONFIG_FILE is in use");
        }
    }
}
