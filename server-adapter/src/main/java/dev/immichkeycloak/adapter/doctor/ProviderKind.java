package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import java.net.URI;
import java.util.regex.Pattern;

/** Recognises Keycloak from its metadata, so that findings can name Keycloak's settings and rely on its known behaviour. */
final class ProviderKind {

    private static final Pattern KEYCLOAK_AUTHORIZATION_PATH = Pattern.compile(".*/realms/[^/]+/protocol/openid-connect/auth");

    private ProviderKind() {
    }

    static boolean isKeycloak(OIDCProviderMetadata metadata) {
        URI endpoint = metadata.getAuthorizationEndpointURI();
        return endpoint != null && endpoint.getPath() != null && KEYCLOAK_AUTHORIZATION_PATH.matcher(endpoint.getPath()).matches();
    }

    /** Where the client's settings live, for fix texts. */
    static String clientSettings(OIDCProviderMetadata metadata, String clientId) {
        return isKeycloak(metadata)
                ? "in Keycloak (Clients → " + ProviderText.clean(clientId) + ")"
                : "in the provider's settings for client " + ProviderText.quote(clientId);
    }
}
