package dev.immichkeycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logs a user in through Keycloak's own login form over plain HTTP, as a browser and a relying party would: authorization
 * request with state, nonce and PKCE S256, form post, code exchange, ID token validation, UserInfo.
 */
final class AuthorizationCodeLogin {

    private final HttpClient http;
    private final ObjectMapper json;
    private final Issuer issuer;
    private final Map<String, IDTokenValidator> validators = new ConcurrentHashMap<>();
    private volatile OIDCProviderMetadata metadata;

    AuthorizationCodeLogin(HttpClient http, ObjectMapper json, String issuer) {
        this.http = http;
        this.json = json;
        this.issuer = new Issuer(issuer);
    }

    LoginResult login(String clientId, String clientSecret, URI redirectUri, String username, String password) {
        OIDCProviderMetadata op = metadata();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        URI authorize = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope("openid"), new ClientID(clientId), redirectUri)
                .endpointURI(op.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
        URI callback = new KeycloakBrowser(http, URI.create(issuer.getValue()).resolve("/")).authorize(authorize, username, password);
        if (!callback.toString().startsWith(redirectUri.toString())) {
            throw new LoginFailedException("Login of " + username + " redirected to " + callback + " instead of " + redirectUri);
        }
        AuthorizationCode code = successfulCode(callback, state);
        OIDCTokenResponse tokens = exchange(op, clientId, clientSecret, code, redirectUri, verifier);
        JWT idToken = tokens.getOIDCTokens().getIDToken();
        validate(op, clientId, idToken, nonce);
        String accessToken = tokens.getOIDCTokens().getAccessToken().getValue();
        String refreshToken = tokens.getOIDCTokens().getRefreshToken() == null ? null : tokens.getOIDCTokens().getRefreshToken().getValue();
        return new LoginResult(tokens.getOIDCTokens().getIDTokenString(), accessToken, refreshToken,
                payload(tokens.getOIDCTokens().getIDTokenString()), payload(accessToken), userInfo(op, accessToken));
    }

    private OIDCProviderMetadata metadata() {
        OIDCProviderMetadata current = metadata;
        if (current == null) {
            URI discovery = URI.create(issuer.getValue() + "/.well-known/openid-configuration");
            try {
                current = OIDCProviderMetadata.parse(send(HttpRequest.newBuilder(discovery).GET().build()).body());
            } catch (com.nimbusds.oauth2.sdk.ParseException e) {
                throw new LoginFailedException("Discovery document at " + discovery + " is invalid", e);
            }
            metadata = current;
        }
        return current;
    }

    private AuthorizationCode successfulCode(URI callback, State state) {
        AuthorizationResponse response;
        try {
            response = AuthorizationResponse.parse(callback);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new LoginFailedException("Unparseable authorization response " + callback, e);
        }
        if (!response.indicatesSuccess()) {
            throw new LoginFailedException("Authorization error: " + response.toErrorResponse().getErrorObject().toJSONObject());
        }
        if (!state.equals(response.getState())) {
            throw new LoginFailedException("The authorization response carries another state than the request");
        }
        if (response.getIssuer() != null && !issuer.equals(response.getIssuer())) {
            throw new LoginFailedException("The authorization response names issuer " + response.getIssuer() + ", expected " + issuer);
        }
        return response.toSuccessResponse().getAuthorizationCode();
    }

    private OIDCTokenResponse exchange(OIDCProviderMetadata op, String clientId, String clientSecret, AuthorizationCode code,
                                       URI redirectUri, CodeVerifier verifier) {
        TokenRequest request = new TokenRequest(op.getTokenEndpointURI(),
                new ClientSecretBasic(new ClientID(clientId), new Secret(clientSecret)),
                new AuthorizationCodeGrant(code, redirectUri, verifier));
        try {
            TokenResponse response = OIDCTokenResponseParser.parse(sendNimbus(request.toHTTPRequest()));
            if (!response.indicatesSuccess()) {
                throw new LoginFailedException("Token request failed: " + response.toErrorResponse().getErrorObject().toJSONObject());
            }
            return (OIDCTokenResponse) response.toSuccessResponse();
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw new LoginFailedException("Unparseable token response", e);
        }
    }

    private void validate(OIDCProviderMetadata op, String clientId, JWT idToken, Nonce nonce) {
        IDTokenValidator validator = validators.computeIfAbsent(clientId, id -> {
            try {
                return new IDTokenValidator(issuer, new ClientID(id), JWSAlgorithm.RS256, op.getJWKSetURI().toURL());
            } catch (MalformedURLException e) {
                throw new LoginFailedException("Bad JWKS URL " + op.getJWKSetURI(), e);
            }
        });
        try {
            validator.validate(idToken, nonce);
        } catch (com.nimbusds.jose.proc.BadJOSEException | com.nimbusds.jose.JOSEException e) {
            throw new LoginFailedException("The ID token is invalid: " + e.getMessage(), e);
        }
    }

    private JsonNode userInfo(OIDCProviderMetadata op, String accessToken) {
        HttpRequest request = HttpRequest.newBuilder(op.getUserInfoEndpointURI())
                .header("Authorization", "Bearer " + accessToken)
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new LoginFailedException("UserInfo answered " + response.statusCode() + ": " + response.body());
        }
        return readTree(response.body());
    }

    private JsonNode payload(String jwt) {
        try {
            return readTree(JWTParser.parse(jwt).getParsedParts()[1].decodeToString());
        } catch (java.text.ParseException e) {
            throw new LoginFailedException("Not a JWT: " + e.getMessage(), e);
        }
    }

    private JsonNode readTree(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new LoginFailedException("Not JSON: " + body, e);
        }
    }

    private HTTPResponse sendNimbus(HTTPRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.getURI());
        request.getHeaderMap().forEach((name, values) -> values.forEach(value -> builder.header(name, value)));
        String body = request.getBody() == null ? "" : request.getBody();
        HttpResponse<String> response = send(builder.method(request.getMethod().name(), HttpRequest.BodyPublishers.ofString(body)).build());
        HTTPResponse converted = new HTTPResponse(response.statusCode());
        response.headers().map().forEach((name, values) -> converted.setHeader(name, values.toArray(String[]::new)));
        converted.setBody(response.body());
        return converted;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            HttpRequest timed = HttpRequest.newBuilder(request, (name, value) -> true).timeout(Duration.ofSeconds(30)).build();
            return http.send(timed, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginFailedException("Interrupted during " + request.uri(), e);
        }
    }
}
