package dev.immichkeycloak.adapter.testing;

import dev.immichkeycloak.adapter.config.OAuthConfig;

/** Builds {@link OAuthConfig} values for tests, starting from Immich's defaults or from a fake provider. */
public final class OAuthConfigBuilder {

    public boolean enabled;
    public String issuerUrl;
    public String clientId;
    public String clientSecret;
    public String scope;
    public String prompt;
    public String tokenEndpointAuthMethod;
    public int timeout;
    public boolean allowInsecureRequests;
    public String signingAlgorithm;
    public String profileSigningAlgorithm;
    public String storageLabelClaim;
    public String storageQuotaClaim;
    public String roleClaim;
    public Double defaultStorageQuota;
    public String buttonText;
    public boolean autoRegister;
    public boolean autoLaunch;
    public boolean mobileOverrideEnabled;
    public String mobileRedirectUri;
    public String endSessionEndpoint;
    public boolean syncClaimsOnLogin;
    public String accountManagementUrl;

    private OAuthConfigBuilder(OAuthConfig c) {
        enabled = c.enabled();
        issuerUrl = c.issuerUrl();
        clientId = c.clientId();
        clientSecret = c.clientSecret();
        scope = c.scope();
        prompt = c.prompt();
        tokenEndpointAuthMethod = c.tokenEndpointAuthMethod();
        timeout = c.timeout();
        allowInsecureRequests = c.allowInsecureRequests();
        signingAlgorithm = c.signingAlgorithm();
        profileSigningAlgorithm = c.profileSigningAlgorithm();
        storageLabelClaim = c.storageLabelClaim();
        storageQuotaClaim = c.storageQuotaClaim();
        roleClaim = c.roleClaim();
        defaultStorageQuota = c.defaultStorageQuota();
        buttonText = c.buttonText();
        autoRegister = c.autoRegister();
        autoLaunch = c.autoLaunch();
        mobileOverrideEnabled = c.mobileOverrideEnabled();
        mobileRedirectUri = c.mobileRedirectUri();
        endSessionEndpoint = c.endSessionEndpoint();
        syncClaimsOnLogin = c.syncClaimsOnLogin();
        accountManagementUrl = c.accountManagementUrl();
    }

    public static OAuthConfigBuilder defaults() {
        return new OAuthConfigBuilder(OAuthConfig.defaults());
    }

    public static OAuthConfigBuilder from(OAuthConfig config) {
        return new OAuthConfigBuilder(config);
    }

    /** Enabled, pointing at {@code provider} (plain http, so insecure requests allowed), 5 s timeout. */
    public static OAuthConfigBuilder forProvider(FakeOpenIdProvider provider) {
        OAuthConfigBuilder builder = defaults();
        builder.enabled = true;
        builder.issuerUrl = provider.issuer();
        builder.clientId = FakeOpenIdProvider.CLIENT_ID;
        builder.clientSecret = FakeOpenIdProvider.CLIENT_SECRET;
        builder.allowInsecureRequests = true;
        builder.timeout = 5_000;
        return builder;
    }

    public OAuthConfigBuilder with(java.util.function.Consumer<OAuthConfigBuilder> change) {
        change.accept(this);
        return this;
    }

    public OAuthConfig build() {
        return new OAuthConfig(enabled, issuerUrl, clientId, clientSecret, scope, prompt, tokenEndpointAuthMethod, timeout,
                allowInsecureRequests, signingAlgorithm, profileSigningAlgorithm, storageLabelClaim, storageQuotaClaim, roleClaim,
                defaultStorageQuota, buttonText, autoRegister, autoLaunch, mobileOverrideEnabled, mobileRedirectUri,
                endSessionEndpoint, syncClaimsOnLogin, accountManagementUrl);
    }
}
