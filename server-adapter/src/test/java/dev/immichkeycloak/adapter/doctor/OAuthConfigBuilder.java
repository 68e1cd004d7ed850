package dev.immichkeycloak.adapter.doctor;

import dev.immichkeycloak.adapter.config.OAuthConfig;

/** Builds an {@link OAuthConfig} for doctor tests: Immich's defaults plus the fields the doctor reads. */
final class OAuthConfigBuilder {

    private String issuerUrl = "";
    private String clientId = "immich";
    private String clientSecret = "";
    private String scope = "openid email profile";
    private String tokenEndpointAuthMethod = "client_secret_post";
    private int timeout = 5_000;
    private boolean allowInsecureRequests = true;
    private String signingAlgorithm = "RS256";
    private boolean mobileOverrideEnabled;
    private String mobileRedirectUri = "";

    static OAuthConfigBuilder oauth(String issuerUrl, String clientSecret) {
        OAuthConfigBuilder builder = new OAuthConfigBuilder();
        builder.issuerUrl = issuerUrl;
        builder.clientSecret = clientSecret;
        return builder;
    }

    OAuthConfigBuilder issuerUrl(String value) {
        issuerUrl = value;
        return this;
    }

    OAuthConfigBuilder clientId(String value) {
        clientId = value;
        return this;
    }

    OAuthConfigBuilder clientSecret(String value) {
        clientSecret = value;
        return this;
    }

    OAuthConfigBuilder scope(String value) {
        scope = value;
        return this;
    }

    OAuthConfigBuilder tokenEndpointAuthMethod(String value) {
        tokenEndpointAuthMethod = value;
        return this;
    }

    OAuthConfigBuilder allowInsecureRequests(boolean value) {
        allowInsecureRequests = value;
        return this;
    }

    OAuthConfigBuilder signingAlgorithm(String value) {
        signingAlgorithm = value;
        return this;
    }

    OAuthConfigBuilder mobileOverride(String redirectUri) {
        mobileOverrideEnabled = true;
        mobileRedirectUri = redirectUri;
        return this;
    }

    OAuthConfig build() {
        OAuthConfig d = OAuthConfig.defaults();
        return new OAuthConfig(true, issuerUrl, clientId, clientSecret, scope, d.prompt(), tokenEndpointAuthMethod, timeout,
                allowInsecureRequests, signingAlgorithm, d.profileSigningAlgorithm(), d.storageLabelClaim(), d.storageQuotaClaim(),
                d.roleClaim(), d.defaultStorageQuota(), d.buttonText(), d.autoRegister(), d.autoLaunch(), mobileOverrideEnabled,
                mobileRedirectUri, d.endSessionEndpoint(), d.syncClaimsOnLogin());
    }
}
