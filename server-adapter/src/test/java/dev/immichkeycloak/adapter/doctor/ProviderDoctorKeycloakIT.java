package dev.immichkeycloak.adapter.doctor;

import static dev.immichkeycloak.adapter.doctor.OAuthConfigBuilder.oauth;
import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.doctor.Finding.Status;
import dev.immichkeycloak.testing.KeycloakExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The doctor against a real Keycloak with the bundled realm: all OK as shipped, and the right FAIL lines when broken. */
@ExtendWith(KeycloakExtension.class)
class ProviderDoctorKeycloakIT {

    /** The realm's redirect URIs default to this public URL ({@code IMMICH_PUBLIC_URL} placeholder). */
    private static final String PUBLIC_URL = "http://localhost:2283";

    private final KeycloakServer keycloak;
    private final ProviderDoctor doctor = new ProviderDoctor();

    ProviderDoctorKeycloakIT(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    private OAuthConfigBuilder bundledRealm() {
        return oauth(keycloak.issuer(), keycloak.clientSecret("immich"));
    }

    private static Finding finding(DoctorReport report, String check) {
        return report.findings().stream().filter(f -> f.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + check + " in " + report.findings()));
    }

    private static List<String> failing(DoctorReport report) {
        return report.findings().stream().filter(f -> f.status() == Status.FAIL).map(Finding::check).toList();
    }

    @Test
    void the_bundled_realm_is_all_ok() {
        DoctorReport report = doctor.diagnose(bundledRealm().build(), PUBLIC_URL);

        // The test realm keeps the bundled development secret, which is always worth a warning.
        assertThat(report.findings()).as(report.findings().toString()).filteredOn(f -> !f.check().equals("client secret"))
                .extracting(Finding::status).containsOnly(Status.OK);
        assertThat(finding(report, "client secret").status()).isEqualTo(Status.WARN);
        assertThat(report.findings()).extracting(Finding::check).containsExactly("client secret", "transport", "discovery", "issuer",
                "ID token signature", "PKCE", "RFC 9207 iss", "token endpoint auth", "client credentials",
                "redirect URI (web login)", "redirect URI (link account)", "redirect URI (mobile app)", "redirect URI (mobile override)",
                "account management");
        assertThat(finding(report, "account management").seen()).contains("/realms/immich/account", "account console");
        // Keycloak refuses an unregistered redirect URI before its login page, so its login page means "registered".
        assertThat(finding(report, "redirect URI (web login)").seen()).isEqualTo(PUBLIC_URL + "/auth/login is accepted (HTTP 200,"
                + " the provider's login page; a redirect URI that is not registered is refused).");
    }

    @Test
    void client_secret_basic_is_accepted_too() {
        DoctorReport report = doctor.diagnose(bundledRealm().tokenEndpointAuthMethod("client_secret_basic").build(), PUBLIC_URL);

        assertThat(finding(report, "client credentials").status()).isEqualTo(Status.OK);
        assertThat(report.ok()).isTrue();
    }

    @Test
    void a_wrong_secret_fails_only_the_credentials_line() {
        DoctorReport report = doctor.diagnose(bundledRealm().clientSecret("not-the-realm-secret").build(), PUBLIC_URL);

        assertThat(failing(report)).containsExactly("client credentials");
        // Keycloak 26 answers a wrong secret with 401 unauthorized_client (not RFC 6749's invalid_client).
        assertThat(finding(report, "client credentials").seen()).contains("HTTP 401 unauthorized_client").doesNotContain("Invalid client");
    }

    @Test
    void a_public_url_the_realm_does_not_know_fails_the_redirect_lines_with_keycloaks_own_message() {
        DoctorReport report = doctor.diagnose(bundledRealm().build(), "https://photos.example.com");

        assertThat(failing(report)).containsExactly("redirect URI (web login)", "redirect URI (link account)");
        Finding link = finding(report, "redirect URI (link account)");
        assertThat(link.seen()).isEqualTo("https://photos.example.com/user-settings is rejected: HTTP 400, an error page about the redirect URI.");
        assertThat(link.fix()).isEqualTo("Add https://photos.example.com/user-settings to the client's Valid redirect URIs in Keycloak"
                + " (Clients → immich).");
        assertThat(finding(report, "redirect URI (mobile app)").status()).isEqualTo(Status.OK);
        assertThat(finding(report, "redirect URI (mobile override)").status()).isEqualTo(Status.WARN);
    }

    @Test
    void hs256_against_the_rs256_realm_fails_the_signature_line() {
        DoctorReport report = doctor.diagnose(bundledRealm().signingAlgorithm("HS256").build(), PUBLIC_URL);

        assertThat(failing(report)).containsExactly("ID token signature");
        assertThat(finding(report, "ID token signature").fix()).isEqualTo("Set signingAlgorithm to RS256.");
    }

    @Test
    void an_unknown_client_id_fails_with_keycloaks_client_not_found() {
        DoctorReport report = doctor.diagnose(bundledRealm().clientId("immich-typo").build(), PUBLIC_URL);

        assertThat(finding(report, "redirect URI (web login)").seen()).contains("does not know client ID \"immich-typo\"", "an error page about the client");
        assertThat(finding(report, "client credentials").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void the_issuer_by_another_host_name_fails_because_keycloak_advertises_its_own() {
        String byAddress = keycloak.issuer().replace("://localhost:", "://127.0.0.1:");

        Finding issuer = finding(doctor.diagnose(bundledRealm().issuerUrl(byAddress).build(), PUBLIC_URL), "issuer");

        assertThat(issuer.status()).isEqualTo(Status.FAIL);
        assertThat(issuer.fix()).startsWith("Set the issuer URL to the \"issuer\" value of " + byAddress
                + "/.well-known/openid-configuration, or make the provider advertise");
    }

    @Test
    void a_trailing_slash_on_the_issuer_fails_with_the_exact_issuer() {
        Finding issuer = finding(doctor.diagnose(bundledRealm().issuerUrl(keycloak.issuer() + "/").build(), PUBLIC_URL), "issuer");

        assertThat(issuer.status()).isEqualTo(Status.FAIL);
        assertThat(issuer.fix()).isEqualTo("Set the issuer URL to " + keycloak.issuer() + " (the trailing slash matters).");
    }

    @Test
    void the_cli_exits_zero_for_the_bundled_realm_and_one_with_the_fail_lines_when_broken() throws IOException {
        String[] base = {"doctor", "--issuer", keycloak.issuer(), "--client-id", "immich", "--allow-insecure"};
        Transcript good = cli(Map.of("IMMICH_OAUTH_CLIENT_SECRET", keycloak.clientSecret("immich"), "IMMICH_PUBLIC_URL", PUBLIC_URL), base);
        Transcript broken = cli(Map.of("IMMICH_OAUTH_CLIENT_SECRET", "wrong-secret"), concat(base,
                "--public-url", "https://photos.example.com", "--signing-algorithm", "HS256"));

        assertThat(good.exit()).as(good.output()).isZero();
        assertThat(good.output()).contains("13 OK, 1 WARN, 0 FAIL");
        assertThat(broken.exit()).as(broken.output()).isEqualTo(1);
        assertThat(broken.output()).contains("FAIL ID token signature: Keycloak signs HS256 ID tokens with a realm HMAC key",
                "FAIL client credentials: the provider rejected client ID \"immich\"",
                "FAIL redirect URI (web login): https://photos.example.com/auth/login is rejected",
                "FAIL redirect URI (link account): https://photos.example.com/user-settings is rejected")
                .doesNotContain("wrong-secret", keycloak.clientSecret("immich"));
        // Kept as the example transcript for the documentation.
        Path example = Path.of("target", "doctor-keycloak-example.txt");
        Files.writeString(example, "$ doctor (bundled realm)\n" + good.output() + "\n$ doctor (broken)\n" + broken.output());
    }

    private record Transcript(int exit, String output) {
    }

    private static Transcript cli(Map<String, String> env, String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        int exit = DoctorCommand.run(args, new PrintStream(buffer, true, StandardCharsets.UTF_8), env);
        return new Transcript(exit, buffer.toString(StandardCharsets.UTF_8));
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = java.util.Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
