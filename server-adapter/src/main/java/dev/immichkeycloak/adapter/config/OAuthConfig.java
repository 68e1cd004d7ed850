package dev.immichkeycloak.adapter.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.regex.Pattern;

/**
 * The {@code oauth} section of the system config, with Immich's names and defaults (spec immich-api.md §2, README §3.10).
 * {@code defaultStorageQuota} is GiB; {@code null} or {@code 0} means unlimited. {@code timeout} is milliseconds.
 */
public record OAuthConfig(
        boolean enabled,
        String issuerUrl,
        String clientId,
        String clientSecret,
        String scope,
        String prompt,
        String tokenEndpointAuthMethod,
        int timeout,
        boolean allowInsecureRequests,
        String signingAlgorithm,
        String profileSigningAlgorithm,
        String storageLabelClaim,
        String storageQuotaClaim,
        String roleClaim,
        Double defaultStorageQuota,
        String buttonText,
        boolean autoRegister,
        boolean autoLaunch,
        boolean mobileOverrideEnabled,
        String mobileRedirectUri,
        String endSessionEndpoint,
        boolean syncClaimsOnLogin,
        String accountManagementUrl) {

    /** The canonical constructor is the one JSON maps onto; {@code accountManagementUrl} {@code null} means {@code ""}. */
    @JsonCreator
    public OAuthConfig {
        accountManagementUrl = accountManagementUrl == null ? "" : accountManagementUrl;
    }

    /** Without Immich v3's {@code accountManagementUrl} (left empty). */
    public OAuthConfig(boolean enabled, String issuerUrl, String clientId, String clientSecret, String scope, String prompt,
                       String tokenEndpointAuthMethod, int timeout, boolean allowInsecureRequests, String signingAlgorithm,
                       String profileSigningAlgorithm, String storageLabelClaim, String storageQuotaClaim, String roleClaim,
                       Double defaultStorageQuota, String buttonText, boolean autoRegister, boolean autoLaunch,
                       boolean mobileOverrideEnabled, String mobileRedirectUri, String endSessionEndpoint, boolean syncClaimsOnLogin) {
        this(enabled, issuerUrl, clientId, clientSecret, scope, prompt, tokenEndpointAuthMethod, timeout, allowInsecureRequests,
                signingAlgorithm, profileSigningAlgorithm, storageLabelClaim, storageQuotaClaim, roleClaim, defaultStorageQuota,
                buttonText, autoRegister, autoLaunch, mobileOverrideEnabled, mobileRedirectUri, endSessionEndpoint, syncClaimsOnLogin, "");
    }

    public static OAuthConfig defaults() {
        return new OAuthConfig(false, "", "", "", "openid email profile", "", "client_secret_post", 30_000, false,
                "RS256", "none", "preferred_username", "immich_quota", "immich_role", 0.0, "Login with OAuth",
                true, false, false, "", "", false, "");
    }

    private static final Pattern KEYCLOAK_REALM = Pattern.compile("^https?://[^?#]+/realms/[^/?#]+$");

    /**
     * Where clients send the user to manage the account at the provider: the {@code accountManagementUrl} setting; when
     * that is blank and the issuer is a Keycloak realm ({@code .../realms/<name>}), the realm's account console
     * {@code <issuer>/account}; otherwise {@code ""}.
     */
    public String effectiveAccountManagementUrl() {
        if (accountManagementUrl != null && !accountManagementUrl.isBlank()) {
            return accountManagementUrl;
        }
        String issuer = issuerUrl == null ? "" : issuerUrl.strip().replaceAll("/+$", "");
        return KEYCLOAK_REALM.matcher(issuer).matches() ? issuer + "/account" : "";
    }

    /** Every setting but the client secret, which shows only whether it is set: config objects end up in logs. */
    @Override
    public String toString() {
        return "OAuthConfig[enabled=" + enabled + ", issuerUrl=" + issuerUrl + ", clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null || clientSecret.isEmpty() ? "<empty>" : "<set>")
                + ", scope=" + scope + ", prompt=" + prompt + ", tokenEndpointAuthMethod=" + tokenEndpointAuthMethod
                + ", timeout=" + timeout + ", allowInsecureRequests=" + allowInsecureRequests + ", signingAlgorithm=" + signingAlgorithm
                + ", profileSigningAlgorithm=" + profileSigningAlgorithm + ", storageLabelClaim=" + storageLabelClaim
                + ", storageQuotaClaim=" + storageQuotaClaim + ", roleClaim=" + roleClaim + ", defaultStorageQuota=" + defaultStorageQuota
                + ", buttonText=" + buttonText + ", autoRegister=" + autoRegister + ", autoLaunch=" + autoLaunch
                + ", mobileOverrideEnabled=" + mobileOverrideEnabled + ", mobileRedirectUri=" + mobileRedirectUri
                + ", endSessionEndpoint=" + endSessionEndpoint + ", syncClaimsOnLogin=" + syncClaimsOnLogin
                + ", accountManagementUrl=" + accountManagementUrl + "]";
    }
}
