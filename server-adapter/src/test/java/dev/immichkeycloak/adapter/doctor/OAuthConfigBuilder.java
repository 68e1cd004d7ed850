package dev.immichkeycloak.adapter.doctor;

import dev.immichkeycloak.adapter.config.OAuthConfig;

/** Fluent {@link OAuthConfig} for doctor tests: Immich's defaults, enabled, plus the fields the doctor reads. */
final class OAuthConfigBuilder {

    private final dev.immichkeycloak.adapter.testing.OAuthConfigBuilder config = dev.immichkeycloak.adapter.testing.OAuthConfigBuilder
            .defaults().with(c -> {
                c.enabled = true;
                c.clientId = "immich";
                c.timeout = 5_000;
                c.allowInsecureRequests = true;
            });

    static OAuthConfigBuilder oauth(String issuerUrl, String clientSecret) {
        return new OAuthConfigBuilder().issuerUrl(issuerUrl).clientSecret(clientSecret);
    }

    OAuthConfigBuilder issuerUrl(String value) {
        config.issuerUrl = value;
        return this;
    }

    OAuthConfigBuilder clientId(String value) {
        config.clientId = value;
        return this;
    }

    OAuthConfigBuilder clientSecret(String value) {
        config.clientSecret = value;
        return this;
    }

    OAuthConfigBuilder scope(String value) {
        config.scope = value;
        return this;
    }

    OAuthConfigBuilder tokenEndpointAuthMethod(String value) {
        config.tokenEndpointAuthMethod = value;
        return this;
    }

    OAuthConfigBuilder allowInsecureRequests(boolean value) {
        config.allowInsecureRequests = value;
        return this;
    }

    OAuthConfigBuilder signingAlgorithm(String value) {
        config.signingAlgorithm = value;
        return this;
    }

    OAuthConfigBuilder mobileOverride(String redirectUri) {
        config.mobileOverrideEnabled = true;
        config.mobileRedirectUri = redirectUri;
        return this;
    }

    OAuthConfigBuilder accountManagementUrl(String value) {
        config.accountManagementUrl = value;
        return this;
    }

    OAuthConfig build() {
        return config.build();
    }
}
