package dev.immichkeycloak.adapter.doctor;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.api.ApiException;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.oidc.IssuerUrl;
import java.util.Objects;

/**
 * The optional body of {@code POST /api/admin/oauth/diagnose}: a candidate OAuth config to test before saving it, in the
 * names of the {@code oauth} system config section. Absent fields keep the stored values. An omitted secret means the
 * stored one, but only for the stored issuer and client: the stored secret is never sent to another provider.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DiagnoseRequest(
        String issuerUrl,
        String clientId,
        String clientSecret,
        String scope,
        String tokenEndpointAuthMethod,
        String signingAlgorithm,
        Long timeout,
        Boolean allowInsecureRequests,
        Boolean mobileOverrideEnabled,
        String mobileRedirectUri) {

    static final String SECRET_REQUIRED = "clientSecret is required to test another issuer or client ID";
    static final String TIMEOUT_RANGE = "timeout must be from 1 to " + ProviderDoctor.MAX_TIMEOUT_MILLIS + " milliseconds";

    /** An empty body means "test the stored config"; malformed JSON is a 400. */
    public static DiagnoseRequest parse(String body, ObjectMapper mapper) {
        if (body == null || body.isBlank()) {
            return empty();
        }
        try {
            DiagnoseRequest request = mapper.readValue(body, DiagnoseRequest.class);
            return request == null ? empty() : request.validated();
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "Malformed JSON body", null, e.getOriginalMessage(), null);
        }
    }

    public static DiagnoseRequest empty() {
        return new DiagnoseRequest(null, null, null, null, null, null, null, null, null, null);
    }

    /** The diagnosis waits at most a minute per request (and the route is no way to hold a connection open longer). */
    private DiagnoseRequest validated() {
        if (timeout != null && (timeout < 1 || timeout > ProviderDoctor.MAX_TIMEOUT_MILLIS)) {
            throw new ApiException(400, TIMEOUT_RANGE, null, null, null);
        }
        return this;
    }

    /** The config to diagnose: {@code stored} with this request's fields laid over it. */
    public OAuthConfig applyTo(OAuthConfig stored) {
        String issuer = Objects.requireNonNullElse(issuerUrl, stored.issuerUrl());
        String client = Objects.requireNonNullElse(clientId, stored.clientId());
        String secret = clientSecret;
        if (secret == null || secret.isEmpty()) {
            if (!sameProvider(issuer, stored.issuerUrl()) || !client.strip().equals(stored.clientId().strip())) {
                throw new ApiException(400, SECRET_REQUIRED, null, null, null);
            }
            secret = stored.clientSecret();
        }
        return new OAuthConfig(stored.enabled(), issuer, client, secret, Objects.requireNonNullElse(scope, stored.scope()),
                stored.prompt(), Objects.requireNonNullElse(tokenEndpointAuthMethod, stored.tokenEndpointAuthMethod()),
                timeout == null ? stored.timeout() : timeout.intValue(),
                Objects.requireNonNullElse(allowInsecureRequests, stored.allowInsecureRequests()),
                Objects.requireNonNullElse(signingAlgorithm, stored.signingAlgorithm()), stored.profileSigningAlgorithm(),
                stored.storageLabelClaim(), stored.storageQuotaClaim(), stored.roleClaim(), stored.defaultStorageQuota(),
                stored.buttonText(), stored.autoRegister(), stored.autoLaunch(),
                Objects.requireNonNullElse(mobileOverrideEnabled, stored.mobileOverrideEnabled()),
                Objects.requireNonNullElse(mobileRedirectUri, stored.mobileRedirectUri()), stored.endSessionEndpoint(),
                stored.syncClaimsOnLogin());
    }

    private static boolean sameProvider(String candidate, String stored) {
        IssuerUrl storedUrl = DiscoveryCheck.parse(stored);
        IssuerUrl candidateUrl = DiscoveryCheck.parse(candidate);
        return storedUrl != null && candidateUrl != null && storedUrl.documentUrl().equals(candidateUrl.documentUrl());
    }
}
