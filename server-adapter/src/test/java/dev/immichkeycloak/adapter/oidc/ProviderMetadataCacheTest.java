package dev.immichkeycloak.adapter.oidc;

import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.testing.FakeOpenIdProvider;
import dev.immichkeycloak.adapter.testing.MutableClock;
import dev.immichkeycloak.adapter.testing.OAuthConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderMetadataCacheTest {

    private final FakeOpenIdProvider provider = FakeOpenIdProvider.start();
    private final MutableClock clock = new MutableClock();
    private final ProviderMetadataCache cache = new ProviderMetadataCache(clock, ProviderMetadataCache.Settings.defaults());

    @AfterEach
    void stop() {
        provider.close();
    }

    private OAuthConfig config() {
        return OAuthConfigBuilder.forProvider(provider).build();
    }

    @Test
    void discovery_from_the_issuer_reads_endpoints_and_rfc_9207_support() {
        ProviderMetadata metadata = cache.get(config());

        assertThat(metadata.issuer().getValue()).isEqualTo(provider.issuer());
        assertThat(metadata.authorizationEndpoint()).hasToString(provider.issuer() + "/authorize");
        assertThat(metadata.tokenEndpoint()).hasToString(provider.issuer() + "/token");
        assertThat(metadata.userInfoEndpoint()).hasToString(provider.issuer() + "/userinfo");
        assertThat(metadata.endSessionEndpoint()).hasToString(provider.issuer() + "/logout");
        assertThat(metadata.issParameterSupported()).isTrue();
        assertThat(metadata.advertisesS256()).isTrue();
    }

    @Test
    void the_well_known_form_works_and_its_issuer_is_still_checked() {
        OAuthConfig wellKnown = OAuthConfigBuilder.forProvider(provider).with(c -> c.issuerUrl = provider.wellKnownUrl()).build();
        assertThat(cache.get(wellKnown).issuer().getValue()).isEqualTo(provider.issuer());

        provider.metadata("issuer", "http://127.0.0.1:1/realms/other");
        ProviderMetadataCache fresh = new ProviderMetadataCache(clock, ProviderMetadataCache.Settings.defaults());
        assertThatThrownBy(() -> fresh.get(wellKnown))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.DISCOVERY_FAILED);
                    assertThat(f.publicMessage(OAuthOperation.CALLBACK))
                            .isEqualTo("Error in OAuth discovery: the issuer in the provider metadata does not match the issuer URL");
                });
    }

    @Test
    void an_issuer_that_differs_from_the_configured_url_is_refused() {
        provider.metadata("issuer", provider.issuer() + "/");

        assertThatThrownBy(() -> cache.get(config()))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.DISCOVERY_FAILED));
    }

    @Test
    void http_is_refused_unless_insecure_requests_are_allowed() {
        OAuthConfig strict = OAuthConfigBuilder.forProvider(provider).with(c -> c.allowInsecureRequests = false).build();

        assertThatThrownBy(() -> cache.get(strict))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.publicMessage(OAuthOperation.AUTHORIZE))
                        .isEqualTo("Error in OAuth discovery: http is not allowed, enable allowInsecureRequests"));
        assertThat(provider.discoveryRequests()).isZero();
    }

    @Test
    void an_http_endpoint_in_https_metadata_is_refused_too() {
        // The fake serves http; with insecure requests on, a metadata endpoint with another scheme is still checked.
        provider.metadata("token_endpoint", "ftp://127.0.0.1/token");

        assertThatThrownBy(() -> cache.get(config()))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.DISCOVERY_FAILED));
    }

    @Test
    void metadata_is_fetched_once_and_refreshed_after_the_ttl() {
        cache.get(config());
        cache.get(config());
        assertThat(provider.discoveryRequests()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(16));
        cache.get(config());
        assertThat(provider.discoveryRequests()).isEqualTo(2);
    }

    @Test
    void another_issuer_never_reuses_the_cached_entry() {
        try (FakeOpenIdProvider other = FakeOpenIdProvider.start("/realms/other")) {
            ProviderMetadata first = cache.get(config());
            ProviderMetadata second = cache.get(OAuthConfigBuilder.forProvider(other).build());

            assertThat(first.issuer().getValue()).isEqualTo(provider.issuer());
            assertThat(second.issuer().getValue()).isEqualTo(other.issuer());
            assertThat(other.discoveryRequests()).isEqualTo(1);
        }
    }

    @Test
    void a_changed_timeout_or_insecure_flag_is_a_new_entry() {
        cache.get(config());
        cache.get(OAuthConfigBuilder.forProvider(provider).with(c -> c.timeout = 4_000).build());

        assertThat(provider.discoveryRequests()).isEqualTo(2);
    }

    @Test
    void a_failed_refresh_keeps_the_last_good_metadata() {
        ProviderMetadata good = cache.get(config());
        provider.metadata("issuer", "http://elsewhere.example");
        clock.advance(Duration.ofMinutes(16));

        assertThat(cache.get(config())).isSameAs(good);
    }

    @Test
    void a_slow_provider_hits_the_configured_timeout() {
        provider.discoveryDelayMillis(2_000);
        OAuthConfig quick = OAuthConfigBuilder.forProvider(provider).with(c -> c.timeout = 200).build();

        assertThatThrownBy(() -> cache.get(quick))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.publicMessage(OAuthOperation.CALLBACK))
                        .isEqualTo("Error in OAuth discovery: the provider did not answer in time"));
    }

    @Test
    void a_missing_document_or_invalid_json_is_a_discovery_failure_without_internal_detail() {
        OAuthConfig wrongPath = OAuthConfigBuilder.forProvider(provider).with(c -> c.issuerUrl = provider.issuer() + "/nope").build();
        assertThatThrownBy(() -> cache.get(wrongPath))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.publicMessage(OAuthOperation.CALLBACK))
                        .isEqualTo("Error in OAuth discovery: the provider could not be reached or answered with an error")
                        .doesNotContain("127.0.0.1"));

        provider.metadata("jwks_uri", null);
        assertThatThrownBy(() -> cache.get(config()))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.publicMessage(OAuthOperation.CALLBACK))
                        .startsWith("Error in OAuth discovery: the provider metadata is invalid"));
    }

    @Test
    void an_unreachable_provider_is_a_discovery_failure() {
        OAuthConfig nowhere = OAuthConfigBuilder.forProvider(provider).with(c -> c.issuerUrl = "http://127.0.0.1:1/realms/x").build();

        assertThatThrownBy(() -> cache.get(nowhere))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.DISCOVERY_FAILED));
    }
}
