package dev.immichkeycloak.adapter.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.doctor.Finding.Status;
import dev.immichkeycloak.adapter.testing.NodeOidcProvider;
import dev.immichkeycloak.adapter.testing.NodeOidcProviderExtension;
import dev.immichkeycloak.adapter.testing.NodeProviderAdapterApp;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The doctor against a real provider that is not Keycloak, node {@code oidc-provider} 9.13.3: a correct set-up of any of its
 * clients has no FAIL, and what is wrong is found with oidc-provider's own answers (its HTML error pages for requests that do
 * not ask for JSON, its redirect to {@code /interaction/…} for a registered redirect URI, {@code invalid_redirect_uri}).
 */
@ExtendWith(NodeOidcProviderExtension.class)
class ProviderDoctorNodeTest {

    private final NodeOidcProvider provider;
    private final ProviderDoctor doctor = new ProviderDoctor();

    ProviderDoctorNodeTest(NodeOidcProvider provider) {
        this.provider = provider;
    }

    private OAuthConfig config(String clientId, Consumer<dev.immichkeycloak.adapter.testing.OAuthConfigBuilder> change) {
        return NodeProviderAdapterApp.config(provider, NodeOidcProvider.client(clientId)).with(change).build();
    }

    private static Finding finding(DoctorReport report, String check) {
        return report.findings().stream().filter(f -> f.check().equals(check)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + check + " in " + report.findings()));
    }

    @Test
    void a_correct_set_up_is_all_ok() {
        DoctorReport report = doctor.diagnose(config("rs256-post", c -> { }), NodeOidcProvider.PUBLIC_URL);

        assertThat(report.findings()).as(report.findings().toString()).extracting(Finding::status).containsOnly(Status.OK);
        assertThat(finding(report, "client credentials").seen()).isEqualTo("client ID and secret accepted with client_secret_post"
                + " (the provider refused only the deliberately invalid code: HTTP 400 invalid_grant).");
        assertThat(finding(report, "redirect URI (web login)").seen()).isEqualTo(NodeOidcProvider.PUBLIC_URL + "/auth/login is"
                + " accepted (redirected to the provider's login page; a redirect URI that is not registered is refused).");
    }

    static java.util.stream.Stream<NodeOidcProvider.Client> clients() {
        return NodeOidcProvider.CLIENTS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("clients")
    void every_client_set_up_as_registered_has_no_fail(NodeOidcProvider.Client client) {
        DoctorReport report = doctor.diagnose(config(client.id(), c -> { }), NodeOidcProvider.PUBLIC_URL);

        assertThat(report.findings()).as(report.findings().toString()).noneMatch(f -> f.status() == Status.FAIL);
        assertThat(report.ok()).isTrue();
    }

    @Test
    void redirect_uris_the_client_does_not_have_fail_with_the_uri_to_add() {
        DoctorReport report = doctor.diagnose(config("rs256-basic", c -> { }), "https://elsewhere.example");

        Finding web = finding(report, "redirect URI (web login)");
        assertThat(web.status()).isEqualTo(Status.FAIL);
        assertThat(web.seen()).isEqualTo("https://elsewhere.example/auth/login is rejected: HTTP 400, an error page about the redirect URI.");
        assertThat(web.fix()).startsWith("Add https://elsewhere.example/auth/login to the client's Valid redirect URIs");
        assertThat(finding(report, "redirect URI (mobile app)").status()).isEqualTo(Status.OK);
    }

    @Test
    void a_wrong_secret_fails_the_credentials_line_with_the_providers_error_code() {
        DoctorReport report = doctor.diagnose(config("rs256-basic", c -> c.clientSecret = "wrong-secret-0123456789"),
                NodeOidcProvider.PUBLIC_URL);

        Finding credentials = finding(report, "client credentials");
        assertThat(credentials.status()).isEqualTo(Status.FAIL);
        assertThat(credentials.seen()).contains("HTTP 401 invalid_client");
        assertThat(report.findings()).filteredOn(f -> f.status() == Status.FAIL).hasSize(1);
    }

    @Test
    void an_issuer_with_a_trailing_slash_fails_with_the_exact_issuer_to_enter() {
        DoctorReport report = doctor.diagnose(config("rs256-post", c -> c.issuerUrl = provider.issuer() + "/"), NodeOidcProvider.PUBLIC_URL);

        Finding issuer = finding(report, "issuer");
        assertThat(issuer.status()).isEqualTo(Status.FAIL);
        assertThat(issuer.fix()).isEqualTo("Set the issuer URL to " + provider.issuer() + " (the trailing slash matters).");
    }

    @Test
    void an_unknown_client_id_fails_the_redirect_lines_with_oidc_providers_invalid_client() {
        DoctorReport report = doctor.diagnose(config("rs256-post", c -> c.clientId = "no-such-client"), NodeOidcProvider.PUBLIC_URL);

        Finding web = finding(report, "redirect URI (web login)");
        assertThat(web.status()).isEqualTo(Status.FAIL);
        assertThat(web.seen()).isEqualTo("the provider does not know client ID \"no-such-client\": HTTP 400, an error page about the client.");
        assertThat(finding(report, "client credentials").status()).isEqualTo(Status.FAIL);
    }
}
