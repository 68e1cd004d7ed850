package dev.immichkeycloak.adapter.oidc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IssuerUrlTest {

    @Test
    void an_issuer_gets_the_well_known_suffix_appended_to_its_path() {
        IssuerUrl url = IssuerUrl.parse("https://kc.example/realms/immich");

        assertThat(url.documentUrl()).hasToString("https://kc.example/realms/immich/.well-known/openid-configuration");
        assertThat(url.acceptedIssuers()).containsExactly("https://kc.example/realms/immich");
    }

    @Test
    void an_issuer_with_a_trailing_slash_must_match_exactly_with_the_slash() {
        IssuerUrl url = IssuerUrl.parse("https://auth.example/application/o/immich/");

        assertThat(url.documentUrl()).hasToString("https://auth.example/application/o/immich/.well-known/openid-configuration");
        assertThat(url.acceptedIssuers()).containsExactly("https://auth.example/application/o/immich/");
    }

    @Test
    void a_document_url_names_its_issuer_with_or_without_a_trailing_slash() {
        IssuerUrl url = IssuerUrl.parse("https://kc.example/realms/immich/.well-known/openid-configuration");

        assertThat(url.documentUrl()).hasToString("https://kc.example/realms/immich/.well-known/openid-configuration");
        assertThat(url.accepts("https://kc.example/realms/immich")).isTrue();
        assertThat(url.accepts("https://kc.example/realms/immich/")).isTrue();
        assertThat(url.accepts("https://kc.example/realms/other")).isFalse();
        assertThat(url.accepts("http://kc.example/realms/immich")).isFalse();
    }

    @Test
    void the_rfc_8414_inserted_form_names_the_issuer_after_the_segment() {
        IssuerUrl url = IssuerUrl.parse("https://as.example/.well-known/openid-configuration/tenant/1");

        assertThat(url.acceptedIssuers()).containsExactly("https://as.example/tenant/1");
    }

    @Test
    void a_host_only_issuer_works() {
        IssuerUrl url = IssuerUrl.parse("https://idp.example");

        assertThat(url.documentUrl()).hasToString("https://idp.example/.well-known/openid-configuration");
        assertThat(url.acceptedIssuers()).containsExactly("https://idp.example");
    }

    @Test
    void empty_malformed_or_odd_urls_are_discovery_failures_with_a_fixed_message() {
        for (String bad : new String[] {"", "   ", "not a url", "ftp://idp.example", "https://idp.example/?x=1", "https://user@idp.example",
                "https://idp.example/#frag", "https://idp.example/.well-known/oauth-authorization-server", "/realms/immich"}) {
            assertThatThrownBy(() -> IssuerUrl.parse(bad)).as(bad)
                    .isInstanceOfSatisfying(OAuthFailure.class, failure -> {
                        assertThat(failure.reason()).isEqualTo(OAuthFailure.Reason.DISCOVERY_FAILED);
                        assertThat(failure.publicMessage(OAuthOperation.CALLBACK)).isEqualTo("Error in OAuth discovery: Invalid issuer URL");
                    });
        }
    }
}
