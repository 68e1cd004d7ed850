package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.UserInfoErrorResponse;
import com.nimbusds.openid.connect.sdk.UserInfoRequest;
import com.nimbusds.openid.connect.sdk.UserInfoResponse;
import com.nimbusds.openid.connect.sdk.UserInfoSuccessResponse;
import com.nimbusds.openid.connect.sdk.token.OIDCTokens;
import dev.immichkeycloak.adapter.config.OAuthConfig;

import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The two back-channel calls of a login: the code exchange at the token endpoint (client_secret_post,
 * client_secret_basic, or none without a secret) and the UserInfo request (always when the provider has the endpoint,
 * with the Bearer header), JSON or a signed JWT when {@code profileSigningAlgorithm} is not {@code none}.
 */
public final class OidcClient {

    /** The tokens of a successful code exchange; the ID token is still unverified. */
    public record Tokens(String idToken, BearerAccessToken accessToken) {
        @Override
        public String toString() {
            return "Tokens[redacted]";
        }
    }

    /** Exchanges {@code code} with {@code redirectUri} (the one of the authorization request) and the PKCE verifier. */
    public Tokens exchangeCode(ProviderMetadata provider, OAuthConfig config, String code, URI redirectUri, String codeVerifier) {
        AuthorizationCodeGrant grant = new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, new CodeVerifier(codeVerifier));
        ClientID clientId = new ClientID(config.clientId());
        TokenRequest request;
        if (config.clientSecret() == null || config.clientSecret().isEmpty()) {
            request = new TokenRequest(provider.tokenEndpoint(), clientId, grant);
        } else if ("client_secret_basic".equals(config.tokenEndpointAuthMethod())) {
            request = new TokenRequest(provider.tokenEndpoint(), new ClientSecretBasic(clientId, new Secret(config.clientSecret())), grant);
        } else {
            request = new TokenRequest(provider.tokenEndpoint(), new ClientSecretPost(clientId, new Secret(config.clientSecret())), grant);
        }
        HTTPResponse response = send(provider.http(), request.toHTTPRequest(), OAuthFailure.Reason.TOKEN_REQUEST_FAILED, "token");
        TokenResponse parsed;
        try {
            parsed = OIDCTokenResponseParser.parse(response);
        } catch (ParseException e) {
            throw OAuthFailure.of(OAuthFailure.Reason.TOKEN_REQUEST_FAILED,
                    "unreadable token response (HTTP " + response.getStatusCode() + "): " + e.getMessage(), e);
        }
        if (!parsed.indicatesSuccess()) {
            throw OAuthFailure.of(OAuthFailure.Reason.TOKEN_REQUEST_FAILED,
                    "token endpoint error " + describe(((TokenErrorResponse) parsed).getErrorObject()));
        }
        OIDCTokens tokens = ((OIDCTokenResponse) parsed.toSuccessResponse()).getOIDCTokens();
        AccessToken accessToken = tokens.getAccessToken();
        // OIDC Core §3.1.3.5: the token type must be Bearer (compared without regard to case; Nimbus parses it so).
        if (!(accessToken instanceof BearerAccessToken bearer)) {
            throw OAuthFailure.of(OAuthFailure.Reason.TOKEN_REQUEST_FAILED, "token_type is " + accessToken.getType() + ", not Bearer");
        }
        if (tokens.getIDTokenString() == null) {
            throw OAuthFailure.of(OAuthFailure.Reason.TOKEN_REQUEST_FAILED, "the token response has no id_token");
        }
        return new Tokens(tokens.getIDTokenString(), bearer);
    }

    /**
     * The UserInfo claims for {@code accessToken}, or an empty map when the provider has no UserInfo endpoint. The
     * {@code sub} must equal {@code expectedSubject} (OIDC Core §5.3.2); anything wrong is {@code USERINFO_INVALID}.
     */
    public Map<String, Object> fetchUserInfo(ProviderMetadata provider, OAuthConfig config, BearerAccessToken accessToken,
                                             String expectedSubject) {
        if (provider.userInfoEndpoint() == null) {
            return Map.of();
        }
        HTTPRequest request = new UserInfoRequest(provider.userInfoEndpoint(), accessToken).toHTTPRequest();
        HTTPResponse response = send(provider.http(), request, OAuthFailure.Reason.USERINFO_INVALID, "userinfo");
        UserInfoResponse parsed;
        try {
            parsed = UserInfoResponse.parse(response);
        } catch (ParseException e) {
            throw OAuthFailure.of(OAuthFailure.Reason.USERINFO_INVALID,
                    "unreadable userinfo response (HTTP " + response.getStatusCode() + "): " + e.getMessage(), e);
        }
        if (!parsed.indicatesSuccess()) {
            throw OAuthFailure.of(OAuthFailure.Reason.USERINFO_INVALID,
                    "userinfo error " + describe(((UserInfoErrorResponse) parsed).getErrorObject()));
        }
        UserInfoSuccessResponse success = parsed.toSuccessResponse();
        Map<String, Object> claims = isSigned(config) ? verifiedJwtClaims(success.getUserInfoJWT(), provider, config)
                : jsonClaims(success);
        Object subject = claims.get("sub");
        if (!(subject instanceof String) || !subject.equals(expectedSubject)) {
            throw OAuthFailure.of(OAuthFailure.Reason.USERINFO_INVALID, "userinfo sub does not match the ID token sub");
        }
        return claims;
    }

    private static boolean isSigned(OAuthConfig config) {
        String alg = config.profileSigningAlgorithm();
        return alg != null && !alg.isBlank() && !alg.trim().equalsIgnoreCase("none");
    }

    private static Map<String, Object> jsonClaims(UserInfoSuccessResponse success) {
        if (success.getUserInfo() == null) {
            throw OAuthFailure.of(OAuthFailure.Reason.USERINFO_INVALID,
                    "userinfo is a JWT but profileSigningAlgorithm is none");
        }
        return success.getUserInfo().toJSONObject();
    }

    private static Map<String, Object> verifiedJwtClaims(JWT jwt, ProviderMetadata provider, OAuthConfig config) {
        if (jwt == null) {
            throw OAuthFailure.of(OAuthFailure.Reason.USERINFO_INVALID,
                    "userinfo is JSON but profileSigningAlgorithm is " + config.profileSigningAlgorithm());
        }
        try {
            JWSAlgorithm alg = SignaturePolicy.algorithm(config.profileSigningAlgorithm());
            SignaturePolicy.checkHeader(jwt, alg);
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            SignaturePolicy.configure(processor, alg, config.clientSecret(), provider.keys());
            // OIDC Core §5.3.2: a signed response SHOULD carry iss and aud; when present they must be the provider and us.
            Set<String> audiences = new HashSet<>(Arrays.asList(config.clientId(), null));
            processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(audiences, null, Set.of("sub"), null));
            JWTClaimsSet claims = SignaturePolicy.verifyWithKeyRefresh(alg, provider.keys(), () -> processor.process(jwt, null));
            if (claims.getIssuer() != null && !claims.getIssuer().equals(provider.issuer().getValue())) {
                throw new BadJOSEException("signed userinfo iss " + claims.getIssuer() + " is not the provider");
            }
            return claims.toJSONObject(true);
        } catch (BadJOSEException | JOSEException | IllegalArgumentException e) {
            throw OAuthFailure.of(OAuthFailure.Reason.USERINFO_INVALID, "signed userinfo rejected: " + e.getMessage(), e);
        }
    }

    private static HTTPResponse send(ProviderHttp http, HTTPRequest request, OAuthFailure.Reason reason, String what) {
        try {
            return http.send(request);
        } catch (IOException e) {
            throw OAuthFailure.of(reason, what + " request to " + request.getURI() + " failed: " + e, e);
        }
    }

    /** Error code and a shortened description, for the log only (never for a response: it is provider-controlled). */
    private static String describe(ErrorObject error) {
        if (error == null) {
            return "(none)";
        }
        String description = error.getDescription() == null ? "" : error.getDescription().replaceAll("\\p{Cntrl}", "?");
        if (description.length() > 200) {
            description = description.substring(0, 200) + "…";
        }
        return error.getCode() + " (HTTP " + error.getHTTPStatusCode() + ") " + description;
    }
}
