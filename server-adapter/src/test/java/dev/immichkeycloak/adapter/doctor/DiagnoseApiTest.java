package dev.immichkeycloak.adapter.doctor;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.support.ApiResponse;
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
    void diagnose_refuses_a_timeout_over_a_minute() {
        try (TestApp app = TestApp.start(dataDir, Map.of("IMMICH_PUBLIC_URL", PUBLIC_URL), AdapterExtensions.none())) {
            String admin = app.signUpAdminAndLogin();

            for (String timeout : new String[] {"60001", "2147483648", "0"}) {
                ApiResponse response = app.post("/api/admin/oauth/diagnose", "{\"timeout\":" + timeout + "}", bearer(admin));
                response.expectStatus(400);
                assertThat(response.message()).as(timeout).isEqualTo("timeout must be from 1 to 60000 milliseconds");
            }
        }
    }

    @Test
    void diagnose_honours_allow_insecure_requests_and_sends_nothing_to_an_http_issuer() {
        try (ScriptedProvider provider = ScriptedProvider.keycloakLike().registerAdapter(PUBLIC_URL);
             TestApp app = TestApp.start(dataDir, Map.of("IMMICH_PUBLIC_URL", PUBLIC_URL), AdapterExtensions.none())) {
            String admin = app.signUpAdminAndLogin();
            String candidate = app.json(Map.of("issuerUrl", provider.issuer(), "clientId", "immich", "clientSecret", ScriptedProvider.SECRET,
                    "allowInsecureRequests", false, "timeout", 60000));

            JsonNode report = app.post("/api/admin/oauth/diagnose", candidate, bearer(admin)).expectStatus(200).json();

            assertThat(report.get("ok").asBoolean()).isFalse();
            assertThat(report.get("findings")).singleElement().satisfies(f -> {
                assertThat(f.get("status").asText()).isEqualTo("FAIL");
                assertThat(f.get("check").asText()).isEqualTo("transport");
                assertThat(f.get("seen").asText()).contains("https is required");
            });
            assertThat(provider.requests).hasValue(0);
        }
    }

    @Test
    void diagnose_reads_at_most_256_kib_of_a_document() {
        try (ScriptedProvider provider = ScriptedProvider.keycloakLike().registerAdapter(PUBLIC_URL);
             TestApp app = TestApp.start(dataDir, Map.of("IMMICH_PUBLIC_URL", PUBLIC_URL), AdapterExtensions.none())) {
            String admin = app.signUpAdminAndLogin();
            provider.discoveryBody = "{\"issuer\":\"" + provider.issuer() + "\",\"x\":\"" + "a".repeat(5 * 1024 * 1024) + "\"}";
            String candidate = app.json(Map.of("issuerUrl", provider.issuer(), "clientId", "immich", "clientSecret", ScriptedProvider.SECRET,
                    "allowInsecureRequests", true));

            JsonNode report = app.post("/api/admin/oauth/diagnose", candidate, bearer(admin)).expectStatus(200).json();

            assertThat(report.get("findings")).anySatisfy(f -> {
                assertThat(f.get("check").asText()).isEqualTo("discovery");
                assertThat(f.get("status").asText()).isEqualTo("FAIL");
                assertThat(f.get("seen").asText()).endsWith(": the answer is larger than 256 KiB.");
            });
        }
    }

    @Test
    void diagnose_warns_about_the_development_secret() {
        try (ScriptedProvider provider = ScriptedProvider.keycloakLike().registerAdapter(PUBLIC_URL);
             TestApp app = TestApp.start(dataDir, Map.of("IMMICH_PUBLIC_URL", PUBLIC_URL), AdapterExtensions.none())) {
            String admin = app.signUpAdminAndLogin();
            provider.clientSecret = "immich-dev-secret-change-me";
            String candidate = app.json(Map.of("issuerUrl", provider.issuer(), "clientId", "immich",
                    "clientSecret", "immich-dev-secret-change-me", "allowInsecureRequests", true));

            JsonNode report = app.post("/api/admin/oauth/diagnose", candidate, bearer(admin)).expectStatus(200).json();

            assertThat(report.get("ok").asBoolean()).isTrue();
            assertThat(report.get("findings")).anySatisfy(f -> {
                assertThat(f.get("status").asText()).isEqualTo("WARN");
                assertThat(f.get("check").asText()).isEqualTo("client secret");
                assertThat(f.get("fix").asText()).contains("IMMICH_OIDC_SECRET");
            });
            assertThat(report.toString()).doesNotContain("immich-dev-secret-change-me");
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
