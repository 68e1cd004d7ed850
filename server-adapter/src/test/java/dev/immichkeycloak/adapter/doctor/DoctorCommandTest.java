package dev.immichkeycloak.adapter.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {

    private static final String PUBLIC_URL = "http://photos.test:2283";

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    private ScriptedProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    private String output() {
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private int run(Map<String, String> env, String... args) {
        return DoctorCommand.run(args, out, env);
    }

    @Test
    void a_correct_provider_prints_ok_lines_and_exits_zero() {
        provider = ScriptedProvider.keycloakLike().registerAdapter(PUBLIC_URL);

        int exit = run(Map.of(), "doctor", "--issuer", provider.issuer(), "--client-id", "immich",
                "--client-secret", ScriptedProvider.SECRET, "--public-url", PUBLIC_URL, "--allow-insecure");

        assertThat(exit).isZero();
        assertThat(output()).contains("OK   issuer: ", "OK   redirect URI (web login): " + PUBLIC_URL + "/auth/login is accepted",
                "OK   account management: ", "13 OK, 0 WARN, 0 FAIL").doesNotContain(ScriptedProvider.SECRET);
    }

    @Test
    void a_fail_exits_one_and_the_secret_can_come_from_the_environment() {
        provider = ScriptedProvider.keycloakLike().registerAdapter(PUBLIC_URL);

        int exit = run(Map.of("IMMICH_OAUTH_CLIENT_SECRET", "not-the-secret", "IMMICH_PUBLIC_URL", PUBLIC_URL),
                "--issuer=" + provider.issuer(), "--client-id=immich", "--allow-insecure");

        assertThat(exit).isEqualTo(1);
        assertThat(output()).contains("FAIL client credentials: the provider rejected client ID \"immich\"", "Fix: Copy the client secret")
                .doesNotContain("not-the-secret");
    }

    @Test
    void client_secret_env_names_the_variable_and_options_select_algorithm_method_and_mobile_override() {
        provider = ScriptedProvider.keycloakLike().registerAdapter(PUBLIC_URL);

        int exit = run(Map.of("MY_SECRET", ScriptedProvider.SECRET), "doctor", "--issuer", provider.issuer(), "--client-id", "immich",
                "--client-secret-env", "MY_SECRET", "--public-url", PUBLIC_URL, "--allow-insecure", "--signing-algorithm", "HS256",
                "--token-endpoint-auth-method", "client_secret_basic", "--mobile-redirect-uri", PUBLIC_URL + "/api/oauth/mobile-redirect");

        assertThat(exit).isEqualTo(1);
        assertThat(output()).contains("FAIL ID token signature: Keycloak signs HS256 ID tokens with a realm HMAC key",
                "OK   client credentials: client ID and secret accepted with client_secret_basic",
                "OK   redirect URI (mobile override): " + PUBLIC_URL + "/api/oauth/mobile-redirect is accepted");
        assertThat(provider.lastTokenAuthorization).startsWith("Basic ");
    }

    @Test
    void the_public_url_defaults_to_localhost_and_immich_port() {
        provider = ScriptedProvider.keycloakLike().registerAdapter("http://localhost:3001");

        int exit = run(Map.of("IMMICH_PORT", "3001"), "--issuer", provider.issuer(), "--client-id", "immich",
                "--client-secret", ScriptedProvider.SECRET, "--allow-insecure");

        assertThat(exit).isZero();
        assertThat(output()).contains("public URL http://localhost:3001");
    }

    @Test
    void an_http_issuer_without_allow_insecure_fails() {
        provider = ScriptedProvider.keycloakLike().registerAdapter(PUBLIC_URL);

        int exit = run(Map.of(), "--issuer", provider.issuer(), "--client-id", "immich", "--client-secret", ScriptedProvider.SECRET,
                "--public-url", PUBLIC_URL);

        assertThat(exit).isEqualTo(1);
        assertThat(output()).contains("FAIL transport: the issuer uses http and allowInsecureRequests is off: https is required,"
                + " so no request was sent.");
        assertThat(provider.requests).hasValue(0);
    }

    @Test
    void the_development_secret_prints_a_warning_with_the_fix() {
        provider = ScriptedProvider.keycloakLike().registerAdapter(PUBLIC_URL);
        provider.clientSecret = "immich-dev-secret-change-me";

        int exit = run(Map.of("IMMICH_OAUTH_CLIENT_SECRET", "immich-dev-secret-change-me"), "--issuer", provider.issuer(),
                "--client-id", "immich", "--public-url", PUBLIC_URL, "--allow-insecure");

        assertThat(exit).isZero();
        assertThat(output()).contains("WARN client secret: the client secret is the development secret of the bundled realm",
                "Fix: Set IMMICH_OIDC_SECRET in Keycloak", "and the same secret here.", "13 OK, 1 WARN, 0 FAIL")
                .doesNotContain("immich-dev-secret-change-me");
    }

    @Test
    void a_missing_issuer_is_a_usage_error_with_the_usage_text() {
        int exit = run(Map.of(), "doctor", "--client-id", "immich", "--client-secret", "x");

        assertThat(exit).isEqualTo(2);
        assertThat(output()).startsWith("doctor: --issuer is required").contains("Usage: java -jar server-adapter.jar doctor");
    }

    @Test
    void no_secret_anywhere_is_a_usage_error_naming_the_variable() {
        int exit = run(Map.of(), "--issuer", "https://idp.test/realms/x", "--client-id", "immich");

        assertThat(exit).isEqualTo(2);
        assertThat(output()).startsWith("doctor: no client secret: give --client-secret, or set environment variable IMMICH_OAUTH_CLIENT_SECRET");
    }

    @Test
    void unknown_options_missing_values_and_bad_timeouts_are_usage_errors() {
        assertThat(run(Map.of(), "--issuer", "https://idp.test", "--client-id", "a", "--client-secret", "s", "--verbose")).isEqualTo(2);
        assertThat(output()).startsWith("doctor: unknown option --verbose");
        assertThat(run(Map.of(), "--issuer")).isEqualTo(2);
        assertThat(run(Map.of(), "--issuer", "https://idp.test", "--client-id", "a", "--client-secret", "s", "--timeout", "0")).isEqualTo(2);
        assertThat(run(Map.of(), "--issuer", "https://idp.test", "--client-id", "a", "--client-secret", "s", "--timeout", "60001")).isEqualTo(2);
        assertThat(output()).contains("doctor: --timeout must be from 1 to 60000 milliseconds");
        assertThat(run(Map.of("S", "x"), "--issuer", "https://idp.test", "--client-id", "a", "--client-secret", "s",
                "--client-secret-env", "S")).isEqualTo(2);
    }

    @Test
    void help_prints_the_usage_and_exits_zero() {
        assertThat(run(Map.of(), "doctor", "--help")).isZero();
        assertThat(output()).startsWith("Usage: java -jar server-adapter.jar doctor").contains("Exit status: 0 when no check FAILs");
    }
}
