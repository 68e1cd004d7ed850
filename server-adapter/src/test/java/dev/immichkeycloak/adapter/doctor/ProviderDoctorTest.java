package dev.immichkeycloak.adapter.doctor;

import static dev.immichkeycloak.adapter.doctor.OAuthConfigBuilder.oauth;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.doctor.Finding.Status;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProviderDoctorTest {

    private static final String PUBLIC_URL = "http://photos.test:2283";

    private final ProviderDoctor doctor = new ProviderDoctor();
    private ScriptedProvider provider;

    @AfterEach
    void stop() {
        if (provider != null) {
            provider.close();
        }
    }

    private ScriptedProvider keycloak() {
        provider = ScriptedProvider.keycloakLike().registerAdapter(PUBLIC_URL);
        return provider;
    }

    private ScriptedProvider generic() {
        provider = ScriptedProvider.generic().registerAdapter(PUBLIC_URL);
        return provider;
    }

    private OAuthConfigBuilder config() {
        return oauth(provider.issuer(), ScriptedProvider.SECRET);
    }

    private DoctorReport diagnose(OAuthConfig config) {
        return doctor.diagnose(config, PUBLIC_URL);
    }

    private static Finding finding(DoctorReport report, String check) {
        return report.findings().stream().filter(f -> f.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + check + " in " + report.findings()));
    }

    @Test
    void a_correctly_configured_keycloak_realm_is_all_ok() {
        keycloak();

        DoctorReport report = diagnose(config().build());

        assertThat(report.findings()).extracting(Finding::status).containsOnly(Status.OK);
        assertThat(report.ok()).isTrue();
        assertThat(report.findings()).extracting(Finding::check).containsExactly("transport", "discovery", "issuer",
                "ID token signature", "PKCE", "RFC 9207 iss", "token endpoint auth", "client credentials",
                "redirect URI (web login)", "redirect URI (link account)", "redirect URI (mobile app)", "redirect URI (mobile override)",
                "account management");
        assertThat(report.summary()).startsWith("13 OK, 0 WARN, 0 FAIL");
    }

    @Test
    void issuer_url_in_well_known_form_is_checked_against_the_issuer_without_the_suffix() {
        keycloak();

        DoctorReport report = diagnose(config().issuerUrl(provider.issuer() + "/.well-known/openid-configuration").build());

        assertThat(finding(report, "issuer").status()).isEqualTo(Status.OK);
        assertThat(report.ok()).isTrue();
    }

    @Test
    void issuer_with_a_trailing_slash_fails_with_the_exact_issuer_to_set() {
        keycloak();

        Finding issuer = finding(diagnose(config().issuerUrl(provider.issuer() + "/").build()), "issuer");

        assertThat(issuer.status()).isEqualTo(Status.FAIL);
        assertThat(issuer.fix()).isEqualTo("Set the issuer URL to " + provider.issuer() + " (the trailing slash matters).");
    }

    @Test
    void issuer_without_the_trailing_slash_the_provider_advertises_fails_with_the_exact_issuer_to_set() {
        generic();
        String advertised = provider.issuer() + "/";
        provider.metadata.put("issuer", advertised);

        Finding issuer = finding(diagnose(config().issuerUrl(advertised.substring(0, advertised.length() - 1)).build()), "issuer");

        assertThat(issuer.status()).isEqualTo(Status.FAIL);
        assertThat(issuer.seen()).contains("differ in the trailing slash");
        assertThat(issuer.fix()).isEqualTo("Set the issuer URL to " + advertised + " (the trailing slash matters).");
    }

    @Test
    void issuer_on_another_host_fails_and_points_at_the_discovery_document_without_repeating_it() {
        keycloak();
        String configured = provider.issuer();
        OAuthConfig config = config().build();
        provider.metadata.put("issuer", "http://keycloak.internal:8080/realms/test");

        Finding issuer = finding(diagnose(config), "issuer");

        assertThat(issuer.status()).isEqualTo(Status.FAIL);
        assertThat(issuer.seen()).isEqualTo("the provider's metadata names another issuer than the configured \"" + configured
                + "\"; ID tokens would be rejected.");
        assertThat(issuer.fix()).startsWith("Set the issuer URL to the \"issuer\" value of " + configured
                + "/.well-known/openid-configuration, or make the provider");
        assertThat(issuer.line()).doesNotContain("keycloak.internal");
    }

    @Test
    void http_issuer_without_allow_insecure_requests_fails_without_a_request() {
        keycloak();

        DoctorReport report = diagnose(config().allowInsecureRequests(false).build());

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("transport");
            assertThat(f.status()).isEqualTo(Status.FAIL);
            assertThat(f.seen()).contains("https is required");
        });
        assertThat(report.ok()).isFalse();
        assertThat(provider.requests).hasValue(0);
    }

    @Test
    void an_endpoint_that_is_no_http_url_is_never_fetched() {
        keycloak().metadata.put("jwks_uri", "file:///etc/passwd");

        DoctorReport report = diagnose(config().build());

        Finding endpoints = finding(report, "endpoints");
        assertThat(endpoints.status()).isEqualTo(Status.FAIL);
        assertThat(endpoints.seen()).isEqualTo("jwks_uri in the metadata is not an http(s) URL; logins would fail discovery.");
        assertThat(report.findings()).extracting(Finding::check).containsExactly("transport", "discovery", "issuer", "endpoints");
        assertThat(provider.requests).hasValue(1);
    }

    @Test
    void a_discovery_document_over_256_kib_fails_like_a_login() {
        keycloak().discoveryBody = "{\"issuer\":\"" + provider.issuer() + "\"," + " ".repeat(5 * 1024 * 1024) + "}";

        Finding discovery = finding(diagnose(config().build()), "discovery");

        assertThat(discovery.status()).isEqualTo(Status.FAIL);
        assertThat(discovery.seen()).isEqualTo("cannot reach " + provider.issuer()
                + "/.well-known/openid-configuration: the answer is larger than 256 KiB.");
    }

    @Test
    void findings_never_repeat_free_text_from_the_provider() {
        keycloak();
        OAuthConfig wrongSecret = config().clientSecret("wrong").build();
        OAuthConfig otherAlgorithmConfig = config().clientSecret("wrong").signingAlgorithm("ES512").build();
        provider.metadata.put("issuer", "http://MARKER-issuer.internal/realms/test");
        provider.metadata.put("id_token_signing_alg_values_supported", List.of("RS256", "MARKER-alg"));
        provider.metadata.put("code_challenge_methods_supported", List.of("plain", "MARKER-pkce"));
        provider.metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "MARKER-auth"));
        provider.jwks = new JWKSet(new com.nimbusds.jose.jwk.RSAKey.Builder(ScriptedProvider.RS256_KEY.toRSAKey())
                .keyID("MARKER-kid").build());
        provider.badClientError = "MARKER-error";
        provider.authorizationError = "MARKER-authorization-error";

        DoctorReport report = diagnose(wrongSecret);
        DoctorReport otherAlgorithm = diagnose(otherAlgorithmConfig);

        assertThat(report.findings()).hasSize(13)
                .allSatisfy(f -> assertThat(f.line()).doesNotContain("MARKER", "Client is not allowed", "Invalid client"));
        assertThat(otherAlgorithm.findings()).allSatisfy(f -> assertThat(f.line()).doesNotContain("MARKER"));
        assertThat(finding(otherAlgorithm, "ID token signature").seen())
                .startsWith("id_token_signing_alg_values_supported is [RS256] and 1 other value, without ES512. ");
        assertThat(finding(report, "ID token signature").status()).isEqualTo(Status.OK);
        assertThat(finding(report, "PKCE").seen()).contains("[plain] and 1 other value, without S256");
        assertThat(finding(report, "token endpoint auth").seen()).contains("[client_secret_basic] and 1 other value, not client_secret_post");
        assertThat(finding(report, "client credentials").seen()).contains("HTTP 401 an unrecognised error code");
        assertThat(finding(report, "redirect URI (web login)").seen()).contains("answered error=an unrecognised error code");
    }

    @Test
    void the_development_secret_of_the_bundled_realm_is_a_warning_with_the_fix() {
        keycloak().clientSecret = ProviderDoctor.DEVELOPMENT_SECRET;

        DoctorReport report = diagnose(config().clientSecret(ProviderDoctor.DEVELOPMENT_SECRET).build());

        Finding secret = finding(report, "client secret");
        assertThat(secret.status()).isEqualTo(Status.WARN);
        assertThat(secret.seen()).contains("development secret of the bundled realm");
        assertThat(secret.fix()).contains("Set IMMICH_OIDC_SECRET in Keycloak", "and the same secret here");
        assertThat(finding(report, "client credentials").status()).isEqualTo(Status.OK);
        assertThat(report.ok()).isTrue();
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.line()).doesNotContain(ProviderDoctor.DEVELOPMENT_SECRET));
    }

    @Test
    void http_issuer_on_a_network_host_with_allow_insecure_requests_warns() {
        keycloak();
        String networkIssuer = provider.issuer().replace("127.0.0.1", "photos-idp.test");

        DoctorReport report = diagnose(config().issuerUrl(networkIssuer).build());

        assertThat(finding(report, "transport").status()).isEqualTo(Status.WARN);
    }

    @Test
    void a_discovery_url_answering_404_fails_and_stops_the_diagnosis() {
        keycloak().discoveryStatus = 404;

        DoctorReport report = diagnose(config().build());

        assertThat(report.findings()).extracting(Finding::check).containsExactly("transport", "discovery");
        Finding discovery = finding(report, "discovery");
        assertThat(discovery.status()).isEqualTo(Status.FAIL);
        assertThat(discovery.seen()).startsWith("HTTP 404 from " + provider.issuer() + "/.well-known/openid-configuration");
    }

    @Test
    void a_discovery_url_answering_html_fails_as_not_json() {
        keycloak().discoveryBody = "<html>login</html>";

        Finding discovery = finding(diagnose(config().build()), "discovery");

        assertThat(discovery.status()).isEqualTo(Status.FAIL);
        assertThat(discovery.seen()).contains("did not answer JSON");
    }

    @Test
    void json_that_is_not_openid_metadata_fails() {
        keycloak().discoveryBody = "{\"issuer\":\"" + provider.issuer() + "\"}";

        Finding discovery = finding(diagnose(config().build()), "discovery");

        assertThat(discovery.status()).isEqualTo(Status.FAIL);
        assertThat(discovery.seen()).contains("is not OpenID Connect metadata");
    }

    @Test
    void an_unreachable_provider_fails_discovery() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        DoctorReport report = doctor.diagnose(oauth("http://127.0.0.1:" + closedPort + "/realms/x", "s").build(), PUBLIC_URL);

        Finding discovery = finding(report, "discovery");
        assertThat(discovery.status()).isEqualTo(Status.FAIL);
        assertThat(discovery.seen()).isEqualTo("cannot reach http://127.0.0.1:" + closedPort
                + "/realms/x/.well-known/openid-configuration: the connection was refused.");
    }

    @Test
    void an_issuer_url_that_is_not_a_url_fails() {
        DoctorReport report = doctor.diagnose(oauth("keycloak/realms/immich", "s").build(), PUBLIC_URL);

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.check()).isEqualTo("issuer URL");
            assertThat(f.status()).isEqualTo(Status.FAIL);
        });
    }

    @Test
    void an_empty_client_id_fails_before_any_request() {
        DoctorReport report = doctor.diagnose(oauth("https://idp.test/realms/x", "s").clientId(" ").build(), PUBLIC_URL);

        assertThat(report.findings()).singleElement().extracting(Finding::check, Finding::status).containsExactly("client ID", Status.FAIL);
    }

    @Test
    void hs256_against_keycloak_fails_because_keycloak_never_signs_with_the_client_secret() {
        keycloak();

        Finding signature = finding(diagnose(config().signingAlgorithm("HS256").build()), "ID token signature");

        assertThat(signature.status()).isEqualTo(Status.FAIL);
        assertThat(signature.seen()).contains("realm HMAC key", "RS256");
        assertThat(signature.fix()).isEqualTo("Set signingAlgorithm to RS256.");
    }

    @Test
    void hs256_against_another_provider_warns_when_the_secret_is_long_enough() {
        generic();

        Finding signature = finding(diagnose(config().signingAlgorithm("HS256").build()), "ID token signature");

        assertThat(signature.status()).isEqualTo(Status.WARN);
    }

    @Test
    void hs512_with_a_secret_shorter_than_the_key_size_fails_without_showing_the_secret() {
        generic().clientSecret = "short-secret";

        DoctorReport report = diagnose(config().clientSecret("short-secret").signingAlgorithm("HS512").build());

        Finding signature = finding(report, "ID token signature");
        assertThat(signature.status()).isEqualTo(Status.FAIL);
        assertThat(signature.seen()).contains("12 bytes", "at least 64");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.line()).doesNotContain("short-secret"));
    }

    @Test
    void an_algorithm_neither_advertised_nor_in_the_jwks_fails() {
        keycloak();

        Finding signature = finding(diagnose(config().signingAlgorithm("ES512").build()), "ID token signature");

        assertThat(signature.status()).isEqualTo(Status.FAIL);
        assertThat(signature.seen()).contains("without ES512", "no signing key for ES512");
        assertThat(signature.fix()).isEqualTo("Set signingAlgorithm to RS256, or add a ES512 key to the provider.");
    }

    /** Issue 9: Spring Authorization Server advertises only RS256 while it signs ES256 ID tokens for a client set so. */
    @Test
    void an_algorithm_missing_from_the_advertised_list_but_with_a_key_warns_that_providers_under_advertise() throws Exception {
        generic().metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
        provider.jwks = new JWKSet(List.of(ScriptedProvider.RS256_KEY, ecKey()));

        DoctorReport report = diagnose(config().signingAlgorithm("ES256").build());

        Finding signature = finding(report, "ID token signature");
        assertThat(signature.status()).isEqualTo(Status.WARN);
        assertThat(signature.seen()).startsWith("id_token_signing_alg_values_supported is [RS256], without ES256, but the JWKS has"
                + " a signing key for it. Providers often list fewer algorithms than they sign with");
        assertThat(signature.fix()).startsWith("Nothing to change if the client's ID token signature algorithm at the provider is ES256")
                .doesNotContain("Set signingAlgorithm");
        assertThat(report.ok()).isTrue();
    }

    @Test
    void an_hmac_algorithm_missing_from_the_advertised_list_warns_when_the_secret_is_long_enough() {
        generic().metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));

        Finding signature = finding(diagnose(config().signingAlgorithm("HS256").build()), "ID token signature");

        assertThat(signature.status()).isEqualTo(Status.WARN);
        assertThat(signature.seen()).contains("without HS256, but the client secret is long enough to be its key");
        assertThat(signature.fix()).doesNotContain("Set signingAlgorithm");
    }

    @Test
    void none_is_never_accepted() {
        keycloak().metadata.put("id_token_signing_alg_values_supported", List.of("RS256", "none"));

        Finding signature = finding(diagnose(config().signingAlgorithm("none").build()), "ID token signature");

        assertThat(signature.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void an_offered_algorithm_without_a_key_in_the_jwks_fails() {
        keycloak();

        Finding signature = finding(diagnose(config().signingAlgorithm("ES256").build()), "ID token signature");

        assertThat(signature.status()).isEqualTo(Status.FAIL);
        assertThat(signature.seen()).contains("no signing key for ES256", "RS256");
    }

    @Test
    void an_rsa_key_for_rs256_does_not_count_for_ps256_at_keycloak() {
        keycloak();

        Finding signature = finding(diagnose(config().signingAlgorithm("PS256").build()), "ID token signature");

        assertThat(signature.status()).isEqualTo(Status.FAIL);
    }

    @Test
    void a_keycloak_es256_key_warns_that_the_client_setting_must_say_es256() throws Exception {
        keycloak().jwks = new JWKSet(List.of(ScriptedProvider.RS256_KEY, ecKey()));

        Finding signature = finding(diagnose(config().signingAlgorithm("ES256").build()), "ID token signature");

        assertThat(signature.status()).isEqualTo(Status.WARN);
        assertThat(signature.fix()).contains("Clients → immich → Advanced → ID token signature algorithm to ES256");
    }

    @Test
    void a_generic_provider_with_a_matching_key_without_alg_is_ok() {
        generic().jwks = new JWKSet(new com.nimbusds.jose.jwk.RSAKey.Builder(ScriptedProvider.RS256_KEY.toRSAKey()).algorithm(null)
                .keyUse(null).keyID("k1").build());

        Finding signature = finding(diagnose(config().build()), "ID token signature");

        assertThat(signature.status()).isEqualTo(Status.OK);
        assertThat(signature.seen()).isEqualTo("RS256 is offered and the JWKS has a matching key.");
    }

    @Test
    void pkce_and_rfc9207_not_advertised_are_warnings() {
        keycloak().metadata.remove("code_challenge_methods_supported");
        provider.metadata.remove("authorization_response_iss_parameter_supported");

        DoctorReport report = diagnose(config().build());

        assertThat(finding(report, "PKCE").status()).isEqualTo(Status.WARN);
        assertThat(finding(report, "RFC 9207 iss").status()).isEqualTo(Status.WARN);
        assertThat(report.ok()).isTrue();
    }

    @Test
    void pkce_without_s256_is_a_warning() {
        keycloak().metadata.put("code_challenge_methods_supported", List.of("plain"));

        assertThat(finding(diagnose(config().build()), "PKCE").seen()).contains("[plain], without S256");
    }

    @Test
    void an_auth_method_the_provider_does_not_offer_fails_with_the_one_it_does() {
        keycloak().metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "private_key_jwt"));

        Finding auth = finding(diagnose(config().build()), "token endpoint auth");

        assertThat(auth.status()).isEqualTo(Status.FAIL);
        assertThat(auth.fix()).isEqualTo("Set tokenEndpointAuthMethod to client_secret_basic.");
    }

    @Test
    void without_an_advertised_list_only_client_secret_basic_is_assumed() {
        keycloak().metadata.remove("token_endpoint_auth_methods_supported");

        DoctorReport report = diagnose(config().build());

        assertThat(finding(report, "token endpoint auth").status()).isEqualTo(Status.FAIL);
        assertThat(finding(diagnose(config().tokenEndpointAuthMethod("client_secret_basic").build()), "token endpoint auth").status())
                .isEqualTo(Status.OK);
    }

    @Test
    void an_auth_method_the_adapter_cannot_send_fails() {
        keycloak();

        DoctorReport report = diagnose(config().tokenEndpointAuthMethod("private_key_jwt").build());

        assertThat(finding(report, "token endpoint auth").status()).isEqualTo(Status.FAIL);
        assertThat(finding(report, "client credentials").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void client_credentials_are_sent_the_configured_way_and_accepted() {
        keycloak();

        Finding basic = finding(diagnose(config().tokenEndpointAuthMethod("client_secret_basic").build()), "client credentials");

        assertThat(basic.status()).isEqualTo(Status.OK);
        assertThat(provider.lastTokenAuthorization).startsWith("Basic ");
        assertThat(provider.lastTokenForm).doesNotContainKey("client_secret").containsKey("code_verifier");

        Finding post = finding(diagnose(config().build()), "client credentials");

        assertThat(post.status()).isEqualTo(Status.OK);
        assertThat(provider.lastTokenAuthorization).isNull();
        assertThat(provider.lastTokenForm.get("client_secret")).containsExactly(ScriptedProvider.SECRET);
        assertThat(provider.lastTokenForm.get("redirect_uri")).containsExactly(PUBLIC_URL + "/auth/login");
    }

    @Test
    void a_wrong_secret_fails_the_credentials_line_and_never_prints_the_secret() {
        keycloak();

        DoctorReport report = diagnose(config().clientSecret("wrong-secret-value").build());

        Finding credentials = finding(report, "client credentials");
        assertThat(credentials.status()).isEqualTo(Status.FAIL);
        assertThat(credentials.seen()).contains("HTTP 401 unauthorized_client").doesNotContain("Invalid client");
        assertThat(credentials.fix()).contains("Clients → immich");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.line()).doesNotContain("wrong-secret-value", ScriptedProvider.SECRET));
        assertThat(report.findings()).filteredOn(f -> f.status() == Status.FAIL).hasSize(1);
    }

    @Test
    void a_400_invalid_client_as_rfc_6749_words_it_fails_the_credentials_line_too() {
        keycloak().badClientStatus = 400;
        provider.badClientError = "invalid_client";

        Finding credentials = finding(diagnose(config().clientSecret("wrong").build()), "client credentials");

        assertThat(credentials.status()).isEqualTo(Status.FAIL);
        assertThat(credentials.seen()).startsWith("the provider rejected client ID \"immich\" with the configured secret: HTTP 400 invalid_client");
    }

    @Test
    void a_client_without_the_code_flow_fails_with_the_standard_flow_fix() {
        keycloak().grantError = "unauthorized_client";

        Finding credentials = finding(diagnose(config().build()), "client credentials");

        assertThat(credentials.status()).isEqualTo(Status.FAIL);
        assertThat(credentials.fix()).startsWith("Enable the standard flow");
    }

    @Test
    void an_empty_secret_fails_without_a_request() {
        keycloak();

        Finding credentials = finding(diagnose(config().clientSecret("").build()), "client credentials");

        assertThat(credentials.status()).isEqualTo(Status.FAIL);
        assertThat(provider.lastTokenForm).isNull();
    }

    @Test
    void a_provider_that_accepts_a_made_up_code_fails() {
        keycloak().acceptsAnyCode = true;

        Finding credentials = finding(diagnose(config().build()), "client credentials");

        assertThat(credentials.status()).isEqualTo(Status.FAIL);
        assertThat(credentials.seen()).contains("made-up authorization code");
    }

    @Test
    void an_unknown_client_id_fails_the_redirect_and_credential_lines() {
        keycloak();

        DoctorReport report = diagnose(config().clientId("immich-typo").build());

        Finding web = finding(report, "redirect URI (web login)");
        assertThat(web.status()).isEqualTo(Status.FAIL);
        assertThat(web.seen()).isEqualTo("the provider does not know client ID \"immich-typo\": HTTP 400, an error page about the client.");
        assertThat(finding(report, "client credentials").status()).isEqualTo(Status.FAIL);
    }

    /** Issue 11: the "Manage your account" page clients link to answers (Keycloak's account console, from the issuer). */
    @Test
    void the_account_management_page_is_checked() {
        keycloak();
        Finding derived = finding(diagnose(config().build()), "account management");
        assertThat(derived.status()).isEqualTo(Status.OK);
        assertThat(derived.seen()).contains("/realms/test/account", "account console", "HTTP 200");

        Finding missing = finding(diagnose(config().accountManagementUrl(provider.issuer() + "/no-such-page").build()),
                "account management");
        assertThat(missing.status()).isEqualTo(Status.WARN);
        assertThat(missing.seen()).contains("HTTP 404");
    }

    @Test
    void every_allowed_origin_has_its_redirect_uris_checked() {
        String lan = "http://photos.lan:2283";
        keycloak().redirectUris.add(lan + "/auth/login");

        DoctorReport report = doctor.diagnose(config().build(), PUBLIC_URL, List.of(lan));

        Finding web = finding(report, "redirect URI (web login, " + lan + ")");
        assertThat(web.status()).isEqualTo(Status.OK);
        assertThat(web.seen()).startsWith(lan + "/auth/login is accepted");
        Finding link = finding(report, "redirect URI (link account, " + lan + ")");
        assertThat(link.status()).isEqualTo(Status.FAIL);
        assertThat(link.fix()).contains("Add " + lan + "/user-settings");
        assertThat(finding(report, "redirect URI (web login)").status()).isEqualTo(Status.OK);
    }

    @Test
    void an_unregistered_redirect_uri_fails_with_the_uri_to_add() {
        keycloak().redirectUris.remove(PUBLIC_URL + "/user-settings");

        DoctorReport report = diagnose(config().build());

        Finding link = finding(report, "redirect URI (link account)");
        assertThat(link.status()).isEqualTo(Status.FAIL);
        assertThat(link.seen()).isEqualTo(PUBLIC_URL + "/user-settings is rejected: HTTP 400, an error page about the redirect URI.");
        assertThat(link.fix()).isEqualTo("Add " + PUBLIC_URL + "/user-settings to the client's Valid redirect URIs in Keycloak (Clients → immich).");
        assertThat(finding(report, "redirect URI (web login)").status()).isEqualTo(Status.OK);
        assertThat(report.ok()).isFalse();
    }

    @Test
    void a_public_url_with_no_registered_redirect_uris_fails_every_sent_uri() {
        keycloak();

        DoctorReport report = doctor.diagnose(config().build(), "https://elsewhere.test/");

        assertThat(report.findings()).filteredOn(f -> f.check().startsWith("redirect URI")).extracting(Finding::check, Finding::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("redirect URI (web login)", Status.FAIL),
                        org.assertj.core.groups.Tuple.tuple("redirect URI (link account)", Status.FAIL),
                        org.assertj.core.groups.Tuple.tuple("redirect URI (mobile app)", Status.OK),
                        org.assertj.core.groups.Tuple.tuple("redirect URI (mobile override)", Status.WARN));
        assertThat(finding(report, "redirect URI (web login)").fix()).contains("https://elsewhere.test/auth/login");
    }

    @Test
    void an_unregistered_mobile_scheme_fails_when_the_app_uses_it() {
        keycloak().redirectUris.remove("app.immich:///oauth-callback");

        Finding mobile = finding(diagnose(config().build()), "redirect URI (mobile app)");

        assertThat(mobile.status()).isEqualTo(Status.FAIL);
        assertThat(mobile.fix()).startsWith("Add app.immich:///oauth-callback to");
    }

    @Test
    void with_the_mobile_override_on_the_override_uri_is_required_and_the_app_scheme_is_informational() {
        keycloak().redirectUris.remove("app.immich:///oauth-callback");
        provider.redirectUris.remove(PUBLIC_URL + "/api/oauth/mobile-redirect");

        DoctorReport report = diagnose(config().mobileOverride(PUBLIC_URL + "/api/oauth/mobile-redirect").build());

        assertThat(finding(report, "redirect URI (mobile app)").status()).isEqualTo(Status.OK);
        assertThat(finding(report, "redirect URI (mobile app)").seen()).contains("not sent while the mobile redirect override is on");
        assertThat(finding(report, "redirect URI (mobile override)").status()).isEqualTo(Status.FAIL);
    }

    @Test
    void with_the_mobile_override_on_an_empty_override_uri_fails() {
        keycloak();

        Finding override = finding(diagnose(config().mobileOverride("").build()), "redirect URI (mobile override)");

        assertThat(override.status()).isEqualTo(Status.FAIL);
        assertThat(override.fix()).isEqualTo("Set mobileRedirectUri to " + PUBLIC_URL + "/api/oauth/mobile-redirect.");
    }

    @Test
    void an_error_redirect_back_means_the_uri_is_accepted_but_the_client_is_refused() {
        keycloak().authorizationError = "unauthorized_client";

        Finding web = finding(diagnose(config().build()), "redirect URI (web login)");

        assertThat(web.status()).isEqualTo(Status.FAIL);
        assertThat(web.seen()).isEqualTo(PUBLIC_URL + "/auth/login: the provider accepted the redirect URI but answered"
                + " error=unauthorized_client.");
        assertThat(web.fix()).startsWith("Enable the standard flow");
    }

    @Test
    void an_invalid_public_url_fails_and_skips_the_redirect_probes() {
        keycloak();

        DoctorReport report = doctor.diagnose(config().build(), "photos.example.com");

        assertThat(finding(report, "public URL").status()).isEqualTo(Status.FAIL);
        assertThat(report.findings()).noneMatch(f -> f.check().startsWith("redirect URI"));
    }

    @Test
    void a_generic_provider_gets_neutral_fix_texts() {
        generic().redirectUris.remove(PUBLIC_URL + "/auth/login");

        Finding web = finding(diagnose(config().build()), "redirect URI (web login)");

        assertThat(web.fix()).isEqualTo("Add " + PUBLIC_URL + "/auth/login to the client's Valid redirect URIs in the provider's"
                + " settings for client \"immich\".");
    }

    @Test
    void every_back_channel_request_accepts_json_and_the_authorization_probe_accepts_html() {
        keycloak();

        diagnose(config().build());

        assertThat(provider.acceptHeaders).containsEntry("discovery", "application/json").containsEntry("certs", "application/json")
                .containsEntry("token", "application/json").containsEntry("auth", "text/html");
    }

    /** Issue 9: node oidc-provider answers its HTML error page to HttpURLConnection's default Accept ("HTTP 400 ."). */
    @Test
    void a_provider_with_html_error_pages_for_non_json_requests_gets_a_true_credentials_check() {
        generic().htmlTokenErrors = ScriptedProvider.HtmlErrors.UNLESS_JSON_ACCEPTED;

        Finding good = finding(diagnose(config().build()), "client credentials");
        Finding wrong = finding(diagnose(config().clientSecret("wrong").build()), "client credentials");

        assertThat(good.status()).isEqualTo(Status.OK);
        assertThat(good.seen()).contains("HTTP 400 invalid_grant");
        assertThat(wrong.status()).isEqualTo(Status.FAIL);
        assertThat(wrong.seen()).contains("HTTP 401 unauthorized_client");
    }

    @Test
    void a_token_endpoint_answering_an_html_page_is_reported_as_no_oauth_answer() {
        generic().htmlTokenErrors = ScriptedProvider.HtmlErrors.ALWAYS;

        Finding credentials = finding(diagnose(config().build()), "client credentials");

        assertThat(credentials.status()).isEqualTo(Status.FAIL);
        assertThat(credentials.seen()).isEqualTo("unexpected answer from the token endpoint: HTTP 400 without an OAuth error code"
                + " (not a JSON error answer).");
    }

    @Test
    void a_login_page_counts_as_accepted_only_because_an_unregistered_redirect_uri_is_refused() {
        keycloak();

        DoctorReport report = diagnose(config().build());

        assertThat(finding(report, "redirect URI (web login)").seen()).isEqualTo(PUBLIC_URL + "/auth/login is accepted (HTTP 200,"
                + " the provider's login page; a redirect URI that is not registered is refused).");
        // One control request per diagnosis, whatever the number of redirect URIs.
        assertThat(provider.authorizeRedirectUris).containsOnlyOnce(RedirectUriProbe.NEVER_REGISTERED.toString())
                .contains(PUBLIC_URL + "/auth/login", PUBLIC_URL + "/user-settings");
    }

    /**
     * Issue 9: Spring Authorization Server sends every signed-out authorization request to {@code /login} before it checks
     * {@code redirect_uri}; that is no proof of a registered URI, and its session id must not reach a finding.
     */
    @Test
    void a_provider_that_shows_its_login_page_before_checking_redirect_uri_gets_cannot_tell_and_no_session_id() {
        generic().loginFirstSessionId = "5EC2E7A1B0D1E5E55";
        provider.redirectUris.clear();

        DoctorReport report = diagnose(config().build());

        Finding web = finding(report, "redirect URI (web login)");
        assertThat(web.status()).isEqualTo(Status.WARN);
        assertThat(web.seen()).isEqualTo(PUBLIC_URL + "/auth/login: cannot tell: the provider shows its login page before it checks"
                + " redirect_uri (a redirect URI that is surely not registered gets the same answer), or it accepts any redirect URI.");
        assertThat(web.fix()).isEqualTo("Make sure " + PUBLIC_URL + "/auth/login is among the client's redirect URIs in the"
                + " provider's settings for client \"immich\"; a test login shows whether it is.");
        assertThat(report.findings()).filteredOn(f -> f.check().startsWith("redirect URI")).extracting(Finding::check, Finding::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("redirect URI (web login)", Status.WARN),
                        org.assertj.core.groups.Tuple.tuple("redirect URI (link account)", Status.WARN),
                        org.assertj.core.groups.Tuple.tuple("redirect URI (mobile app)", Status.WARN),
                        org.assertj.core.groups.Tuple.tuple("redirect URI (mobile override)", Status.OK));
        assertThat(report.findings()).noneMatch(f -> f.status() == Status.OK && f.check().startsWith("redirect URI")
                && f.seen().contains("is accepted"));
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.line().toLowerCase(java.util.Locale.ROOT))
                .doesNotContain("5ec2e7a1b0d1e5e55", "jsessionid", "cookie", "/login;"));
        assertThat(report.ok()).isTrue();
    }

    private static com.nimbusds.jose.jwk.JWK ecKey() throws Exception {
        return new ECKeyGenerator(Curve.P_256).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256).keyID("kid-es").generate().toPublicJWK();
    }
}
