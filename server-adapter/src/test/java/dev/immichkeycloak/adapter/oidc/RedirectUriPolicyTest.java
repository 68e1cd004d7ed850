package dev.immichkeycloak.adapter.oidc;

import dev.immichkeycloak.adapter.config.AllowedOrigins;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.testing.OAuthConfigBuilder;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedirectUriPolicyTest {

    private final RedirectUriPolicy policy =
            new RedirectUriPolicy(AllowedOrigins.parse(URI.create("https://photos.example"), "https://photos.example.org:8443"));
    private final OAuthConfig config = OAuthConfigBuilder.defaults()
            .with(c -> c.mobileRedirectUri = "https://photos.example/api/oauth/mobile-redirect").build();

    @ParameterizedTest
    @ValueSource(strings = {
            "https://photos.example/auth/login",
            "https://PHOTOS.example:443/auth/login",
            "https://photos.example/user-settings",
            "https://photos.example.org:8443/user-settings",
            "app.immich:///oauth-callback",
            "app.immich:/oauth-callback",
            "app.immich://oauth-callback",
            "https://photos.example/api/oauth/mobile-redirect",
    })
    void allowed_redirect_uris(String uri) {
        assertThat(policy.isAllowed(uri, config)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "https://evil.example/steal",
            "https://evil.example/auth/login",
            "http://localhost:2283/auth/login",
            "http://photos.example/auth/login",
            "https://photos.example:8443/auth/login",
            "https://photos.example.org/user-settings",
            "https://photos.example.evil.example/auth/login",
            "https://photos.example/auth/login/../../steal",
            "https://photos.example/auth/login?next=https://evil.example",
            "https://photos.example/auth/login#frag",
            "https://user:pw@photos.example/auth/login",
            "javascript:alert(1)//auth/login",
            "ftp://photos.example/auth/login",
            "//evil.example/auth/login",
            "/auth/login",
            "https://photos.example/AUTH/LOGIN",
            "https://photos.example/auth/login ",
            "https://photos.example/auth/login\n",
            "app.immich:///oauth-callback?x=1",
            "evil.app.immich:///oauth-callback",
            "app.immich:///oauth-callbackX",
            "https://photos.example/api/oauth/mobile-redirect?x=1",
    })
    void refused_redirect_uris(String uri) {
        assertThat(policy.isAllowed(uri, config)).isFalse();
        assertThatThrownBy(() -> policy.requireAllowed(uri, config))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.REDIRECT_URI_NOT_ALLOWED);
                    assertThat(f.reason().status()).isEqualTo(400);
                });
    }

    @Test
    void the_web_redirect_uris_are_listed_per_allowed_origin() {
        assertThat(policy.webRedirectUris()).containsExactly("https://photos.example/auth/login", "https://photos.example/user-settings",
                "https://photos.example.org:8443/auth/login", "https://photos.example.org:8443/user-settings");
    }

    @Test
    void a_null_redirect_uri_is_refused() {
        assertThat(policy.isAllowed(null, config)).isFalse();
    }

    @Test
    void the_mobile_override_replaces_the_app_scheme_and_keeps_the_query() {
        OAuthConfig on = OAuthConfigBuilder.from(config).with(c -> {
            c.mobileOverrideEnabled = true;
            c.mobileRedirectUri = "http://mobile-redirect";
        }).build();

        assertThat(policy.applyMobileOverride("app.immich:/oauth-callback?code=abc123", on)).isEqualTo("http://mobile-redirect?code=abc123");
        assertThat(policy.applyMobileOverride("app.immich:///oauth-callback", on)).isEqualTo("http://mobile-redirect");
        assertThat(policy.applyMobileOverride("https://photos.example/auth/login?code=1", on)).isEqualTo("https://photos.example/auth/login?code=1");
    }

    @Test
    void the_override_is_literal_not_a_replacement_pattern() {
        OAuthConfig on = OAuthConfigBuilder.from(config).with(c -> {
            c.mobileOverrideEnabled = true;
            c.mobileRedirectUri = "https://x.example/$1/$&";
        }).build();

        assertThat(policy.applyMobileOverride("app.immich:///oauth-callback?code=1", on)).isEqualTo("https://x.example/$1/$&?code=1");
    }

    @Test
    void without_the_switch_or_a_uri_nothing_is_replaced() {
        OAuthConfig off = OAuthConfigBuilder.from(config).with(c -> c.mobileOverrideEnabled = false).build();
        OAuthConfig empty = OAuthConfigBuilder.from(config).with(c -> {
            c.mobileOverrideEnabled = true;
            c.mobileRedirectUri = "";
        }).build();

        assertThat(policy.applyMobileOverride("app.immich:///oauth-callback?code=1", off)).isEqualTo("app.immich:///oauth-callback?code=1");
        assertThat(policy.applyMobileOverride("app.immich:///oauth-callback?code=1", empty)).isEqualTo("app.immich:///oauth-callback?code=1");
    }
}
