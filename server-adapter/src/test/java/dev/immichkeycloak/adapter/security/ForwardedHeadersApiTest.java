package dev.immichkeycloak.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.TestApp;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8 item 10: Secure cookies for an https public URL; forwarded headers only from {@code IMMICH_TRUSTED_PROXIES}. */
class ForwardedHeadersApiTest {

    @TempDir
    Path dataDir;

    private static ApiResponse login(TestApp app, String... headers) {
        return app.post("/api/auth/login", app.json(Map.of("email", TestApp.ADMIN_EMAIL, "password", TestApp.ADMIN_PASSWORD)), headers)
                .expectStatus(201);
    }

    @Test
    void an_https_public_url_makes_every_login_cookie_secure() {
        try (TestApp app = TestApp.start(dataDir, Map.of("IMMICH_PUBLIC_URL", "https://photos.example"), AdapterExtensions.none())) {
            app.signUpAdminAndLogin();

            assertThat(login(app).setCookies()).hasSize(3).allSatisfy(cookie -> assertThat(cookie).contains("; Secure"));
        }
    }

    @Test
    void an_http_public_url_trusts_x_forwarded_proto_from_loopback_by_default() {
        try (TestApp app = TestApp.start(dataDir)) {
            app.signUpAdminAndLogin();

            assertThat(login(app).setCookies()).noneMatch(cookie -> cookie.contains("Secure"));
            assertThat(login(app, "X-Forwarded-Proto", "https").setCookies()).allSatisfy(cookie -> assertThat(cookie).contains("; Secure"));
        }
    }

    @Test
    void forwarded_headers_from_an_untrusted_peer_are_ignored() {
        // The test client connects from 127.0.0.1, which this configuration does not trust.
        try (TestApp app = TestApp.start(dataDir, Map.of("IMMICH_TRUSTED_PROXIES", "10.0.0.0/8"), AdapterExtensions.none())) {
            app.signUpAdminAndLogin();

            assertThat(login(app, "X-Forwarded-Proto", "https").setCookies()).noneMatch(cookie -> cookie.contains("Secure"));
            // Nor can a forged X-Forwarded-Host make a foreign origin look like our own.
            ApiResponse forged = app.post("/api/auth/login", "{}", "Origin", "https://evil.example", "X-Forwarded-Host", "evil.example",
                    "X-Forwarded-Proto", "https");
            assertThat(forged.status()).isEqualTo(403);
        }
    }

    @Test
    void a_bad_trusted_proxy_list_stops_the_start() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestApp.start(dataDir, Map.of("IMMICH_TRUSTED_PROXIES", "proxy.lan"),
                AdapterExtensions.none())).hasMessageContaining("IMMICH_TRUSTED_PROXIES");
    }
}
