package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;

import java.net.URI;

/**
 * What discovery told us about the provider, checked (exact issuer, allowed schemes) and ready to use: the endpoints,
 * RFC 9207 support, the cached JWK set, and the HTTP settings it was fetched with.
 */
public record ProviderMetadata(
        Issuer issuer,
        URI authorizationEndpoint,
        URI tokenEndpoint,
        URI userInfoEndpoint,
        URI endSessionEndpoint,
        boolean issParameterSupported,
        OIDCProviderMetadata document,
        JwksCache keys,
        ProviderHttp http) {

    /** Whether the provider advertises PKCE S256 (we send it anyway; this is only for warnings and diagnostics). */
    public boolean advertisesS256() {
        return document.getCodeChallengeMethods() != null && document.getCodeChallengeMethods().contains(CodeChallengeMethod.S256);
    }
}
