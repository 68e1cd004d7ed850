package dev.immichkeycloak.adapter.doctor;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.support.TestApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/admin/oauth/diagnose}: admin only, runs the doctor on a candidate config and never echoes the secret. */
class DiagnoseApiTest {

    private static final String PUBLIC_URL = "https://photos.example.com";

    @TempDir
    Path dataDir;

    @Test
    void diagnose_requires_an_admin() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            String user = app.createUserAndLogin(admin, "user@example.com", "user-password");

            assertThat(app.post("/api/admin/oauth/diagnose", "{}").status()).isEqualTo(401);
            assertThat(app.post("/api/admin/oauth/diagnose", "{}", bearer(user)).status()).isEqualTo(403);
        }
    }

    @Test
    void diagnose_reports_every_check_for_a_candidate_config() {
        try (ScriptedProvider provider = ScriptedProvider.keycloakLike().registerAdapter(PUBLIC_URL);
             TestApp app = TestApp.start(dataDir, Map.of("IMMICH_PUBLIC_URL", PUBLIC_URL), AdapterExtensions.none())) {
            String admin = app.signUpAdminAndLogin();
            String candidate = app.json(Map.of("issuerUrl", provider.issuer(), "clientId", "immich", "clientSecret", ScriptedProvider.SECRET,
                    "allowInsecureRequests", true));

            JsonNode report = app.post("/api/admin/oauth/diagnose", candidate, bearer(admin)).expectStatus(200).json();

            assertThat(report.get("ok").asBoolean()).as(report.toPrettyString()).isTrue();
            assertThat(report.get("findings")).isNotEmpty().allSatisfy(f -> assertThat(f.get("status").asText()).isIn("OK", "WARN"));
            assertThat(report.toString()).doesNotContain(ScriptedProvider.SECRET).contains(PUBLIC_URL + "/user-settings");
        }
    }

    @Test
    void diagnose_fails_on_a_wrong_secret() {
        try (ScriptedProvider provider = ScriptedProvider.keycloakLike().registerAdapter(PUBLIC_URL);
             TestApp app = TestApp.start(dataDir, Map.of("IMMICH_PUBLIC_URL", PUBLIC_URL), AdapterExtensions.none())) {
            String admin = app.signUpAdminAndLogin();
            String candidate = app.json(Map.of("issuerUrl", provider.issuer(), "clientId", "immich", "clientSecret", "not-the-secret",
                    "allowInsecureRequests", true));

            JsonNode report = app.post("/api/admin/oauth/diagnose", candidate, bearer(admin)).expectStatus(200).json();

            assertThat(report.get("ok").asBoolean()).isFalse();
            assertThat(report.get("findings")).anySatisfy(f -> {
                assertThat(f.get("status").asText()).isEqualTo("FAIL");
                assertThat(f.get("check").asText()).isEqualTo("client credentials");
            });
        }
    }
}
