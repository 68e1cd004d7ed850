package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.oidc.ProviderHttp;
import java.io.IOException;
import java.net.URI;

/**
 * Checks the client ID and secret without a user: a code exchange with a deliberately invalid code, authenticated the
 * configured way. {@code invalid_grant} means the credentials passed and only the code was refused; {@code invalid_client}
 * means they did not. The secret is sent only to the provider's token endpoint and never appears in a finding.
 */
final class ClientCredentialsCheck {

    static final String CHECK = "client credentials";

    Finding run(OAuthConfig config, OIDCProviderMetadata metadata, URI redirectUri, ProviderHttp http) {
        String settings = ProviderKind.clientSettings(metadata, config.clientId());
        if (config.clientSecret() == null || config.clientSecret().isEmpty()) {
            return Finding.fail(CHECK, "the client secret is empty.", "Copy the client secret from the client's Credentials " + settings + ".");
        }
        if (!MetadataCheck.SUPPORTED_AUTH_METHODS.contains(config.tokenEndpointAuthMethod())) {
            return Finding.fail(CHECK, "not tried: tokenEndpointAuthMethod is not one the adapter can send.",
                    "Set tokenEndpointAuthMethod to client_secret_post or client_secret_basic.");
        }
        URI tokenEndpoint = metadata.getTokenEndpointURI();
        if (tokenEndpoint == null) {
            return Finding.fail(CHECK, "discovery has no token_endpoint.", "Use a provider that supports the authorization code flow.");
        }
        HTTPResponse response;
        try {
            response = http.send(request(config, tokenEndpoint, redirectUri).toHTTPRequest());
        } catch (IOException e) {
            return Finding.fail(CHECK, "cannot reach the token endpoint: " + ProviderText.failure(e) + ".",
                    "Check that this server can reach the provider's token endpoint.");
        }
        return classify(response, config, settings);
    }

    private static TokenRequest request(OAuthConfig config, URI tokenEndpoint, URI redirectUri) {
        ClientID clientId = new ClientID(config.clientId());
        Secret secret = new Secret(config.clientSecret());
        ClientAuthentication authentication = "client_secret_basic".equals(config.tokenEndpointAuthMethod())
                ? new ClientSecretBasic(clientId, secret)
                : new ClientSecretPost(clientId, secret);
        // A fresh random code can never be valid; the verifier keeps PKCE-enforcing providers on the same path as a login.
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(), redirectUri, new CodeVerifier());
        return new TokenRequest(tokenEndpoint, authentication, grant);
    }

    private static Finding classify(HTTPResponse response, OAuthConfig config, String settings) {
        TokenResponse parsed;
        try {
            parsed = TokenResponse.parse(response);
        } catch (ParseException e) {
            return Finding.fail(CHECK, "the token endpoint answered HTTP " + response.getStatusCode() + " that is not an OAuth response.",
                    "Check that the token endpoint in discovery is the provider's own.");
        }
        if (parsed.indicatesSuccess()) {
            return Finding.fail(CHECK, "the token endpoint issued tokens for a made-up authorization code.",
                    "Do not use this provider: it does not check authorization codes.");
        }
        ErrorObject error = parsed.toErrorResponse().getErrorObject();
        String code = error.getCode() == null ? "" : error.getCode();
        // The code only, and only a standard one: the description is the provider's free text.
        String seen = "HTTP " + response.getStatusCode() + " " + (code.isEmpty()
                ? "without an OAuth error code (not a JSON error answer)" : ProviderText.errorCode(code));
        // RFC 6749 §5.2 says invalid_client; Keycloak 26 answers 401 unauthorized_client for a wrong secret or client ID.
        if (response.getStatusCode() == 401 || code.equals("invalid_client")) {
            return Finding.fail(CHECK, "the provider rejected client ID " + ProviderText.quote(config.clientId())
                    + " with the configured secret: " + seen + ".", "Copy the client secret again from the client's Credentials "
                    + settings + ", and check the client ID and that the client is confidential.");
        }
        return switch (code) {
            case "invalid_grant" -> Finding.ok(CHECK, "client ID and secret accepted with " + config.tokenEndpointAuthMethod()
                    + " (the provider refused only the deliberately invalid code: " + seen + ").");
            case "unauthorized_client" -> Finding.fail(CHECK, "the client may not use the authorization code grant: " + seen + ".",
                    "Enable the standard flow (authorization code) for the client " + settings + ".");
            default -> Finding.fail(CHECK, "unexpected answer from the token endpoint: " + seen + ".",
                    "Check the client's settings " + settings + ".");
        };
    }
}
