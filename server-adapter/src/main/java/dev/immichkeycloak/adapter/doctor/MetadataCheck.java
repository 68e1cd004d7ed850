package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import java.util.List;
import java.util.Set;

/** Checks what the discovery document advertises: PKCE S256, RFC 9207 {@code iss}, and the token endpoint auth method. */
final class MetadataCheck {

    /** The token endpoint auth methods the adapter can send (Immich's two). */
    static final Set<String> SUPPORTED_AUTH_METHODS = Set.of("client_secret_post", "client_secret_basic");

    /** The auth method names a finding may repeat (RFC 8414 / OIDC Core §9 and RFC 8705); other values are only counted. */
    private static final Set<String> KNOWN_AUTH_METHODS = Set.of("client_secret_post", "client_secret_basic", "client_secret_jwt",
            "private_key_jwt", "tls_client_auth", "self_signed_tls_client_auth", "none");
    private static final Set<String> KNOWN_PKCE_METHODS = Set.of("plain", "S256");

    Finding pkce(OIDCProviderMetadata metadata) {
        List<CodeChallengeMethod> methods = metadata.getCodeChallengeMethods();
        if (methods != null && methods.contains(CodeChallengeMethod.S256)) {
            return Finding.ok("PKCE", "the provider advertises S256; the adapter always sends it.");
        }
        String seen = methods == null
                ? "code_challenge_methods_supported is absent from discovery"
                : "code_challenge_methods_supported is " + names(methods) + ", without S256";
        return Finding.warn("PKCE", seen + "; the adapter sends S256 anyway and a provider that ignores it still works.",
                "Nothing to change here; if logins fail with a PKCE error, enable PKCE S256 on the provider.");
    }

    // RFC 9207 §3: the metadata flag defaults to false.
    Finding issuerParameter(OIDCProviderMetadata metadata) {
        if (metadata.supportsAuthorizationResponseIssuerParam()) {
            return Finding.ok("RFC 9207 iss", "the provider sends iss in authorization responses; the adapter requires and checks it.");
        }
        return Finding.warn("RFC 9207 iss",
                "authorization_response_iss_parameter_supported is not true; mix-up protection rests on the ID token's iss alone.",
                "Nothing to change in the adapter; prefer a provider version that supports RFC 9207 (Keycloak does).");
    }

    Finding tokenEndpointAuthMethod(OAuthConfig config, OIDCProviderMetadata metadata) {
        String configured = config.tokenEndpointAuthMethod();
        if (!SUPPORTED_AUTH_METHODS.contains(configured)) {
            return Finding.fail("token endpoint auth", "tokenEndpointAuthMethod " + ProviderText.quote(configured)
                    + " is not one the adapter can send.", "Set tokenEndpointAuthMethod to client_secret_post or client_secret_basic.");
        }
        // RFC 8414 §2: when the list is absent, the default is client_secret_basic.
        List<ClientAuthenticationMethod> advertised = metadata.getTokenEndpointAuthMethods();
        List<String> offered = advertised == null
                ? List.of(ClientAuthenticationMethod.CLIENT_SECRET_BASIC.getValue())
                : advertised.stream().map(ClientAuthenticationMethod::getValue).toList();
        if (offered.contains(configured)) {
            return Finding.ok("token endpoint auth", "the provider accepts " + configured + ".");
        }
        String alternative = offered.stream().filter(SUPPORTED_AUTH_METHODS::contains).findFirst().orElse(null);
        String seen = (advertised == null ? "token_endpoint_auth_methods_supported is absent (so only client_secret_basic)"
                : "token_endpoint_auth_methods_supported is " + ProviderText.known(offered, KNOWN_AUTH_METHODS)) + ", not " + configured + ".";
        String fix = alternative == null
                ? "Let the provider accept client_secret_post or client_secret_basic for this client."
                : "Set tokenEndpointAuthMethod to " + alternative + ".";
        return Finding.fail("token endpoint auth", ProviderText.clean(seen), fix);
    }

    private static String names(List<CodeChallengeMethod> methods) {
        return ProviderText.known(methods.stream().map(CodeChallengeMethod::getValue).toList(), KNOWN_PKCE_METHODS);
    }
}
