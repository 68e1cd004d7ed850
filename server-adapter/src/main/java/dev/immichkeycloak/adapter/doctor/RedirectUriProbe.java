package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.oidc.ProviderHttp;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Sends one real authorization request (code flow, state, nonce, PKCE S256; redirects not followed; {@code Accept: text/html}
 * as a browser sends it) and classifies the provider's answer. Keycloak shows its login page (200) when the redirect URI is
 * registered and an error page (400 "Invalid parameter: redirect_uri" or "Client not found.") when not; oidc-provider
 * redirects to its {@code /interaction/…} page, or answers 400 {@code invalid_redirect_uri}; an error redirect back means the
 * URI was accepted. A login page is {@link Verdict#LOGIN_PAGE}: it means "accepted" only where the provider checks
 * {@code redirect_uri} before it shows the login (Spring Authorization Server sends every signed-out request to
 * {@code /login} first), which {@link RedirectUriCheck} finds out with a URI that is surely not registered.
 */
final class RedirectUriProbe {

    /** A redirect URI no client registers ({@code .invalid} is reserved, RFC 2606): the control for {@link Verdict#LOGIN_PAGE}. */
    static final URI NEVER_REGISTERED = URI.create("https://redirect-uri-probe.invalid/never-registered");

    enum Verdict { ACCEPTED, LOGIN_PAGE, REDIRECT_URI_REJECTED, CLIENT_UNKNOWN, REFUSED, UNREACHABLE }

    /** The verdict, what was seen, and (for REFUSED) the OAuth error code the provider sent back, if any. */
    record Outcome(Verdict verdict, String seen, String error) {
    }

    Outcome probe(OAuthConfig config, URI authorizationEndpoint, URI redirectUri, ProviderHttp http) {
        HTTPResponse response;
        try {
            HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, request(config, authorizationEndpoint, redirectUri));
            // A page for browsers: asked for JSON, a provider may answer 401 where a browser would be sent to the login page.
            request.setAccept("text/html");
            response = http.send(request);
        } catch (IOException e) {
            return new Outcome(Verdict.UNREACHABLE, "cannot reach the authorization endpoint: " + ProviderText.failure(e), null);
        }
        int status = response.getStatusCode();
        String location = response.getHeaderValue("Location");
        if (status / 100 == 3 && location != null) {
            return redirected(location, redirectUri);
        }
        String body = Objects.requireNonNullElse(response.getBody(), "");
        String lower = body.toLowerCase(Locale.ROOT);
        if (lower.contains("parameter: redirect_uri") || lower.contains("redirect_uri_mismatch") || lower.contains("invalid_redirect_uri")
                || lower.contains("invalid redirect uri") || lower.contains("invalid redirect_uri")
                || lower.contains("redirect_uri did not match")) {
            return new Outcome(Verdict.REDIRECT_URI_REJECTED, "HTTP " + status + ", an error page about the redirect URI", null);
        }
        if (lower.contains("client not found") || lower.contains("invalid_client") || lower.contains("unknown client")) {
            return new Outcome(Verdict.CLIENT_UNKNOWN, "HTTP " + status + ", an error page about the client", null);
        }
        if (status == 200) {
            return new Outcome(Verdict.LOGIN_PAGE, "HTTP 200, the provider's login page", null);
        }
        return new Outcome(Verdict.REFUSED, "HTTP " + status + ", an error page", null);
    }

    private static URI request(OAuthConfig config, URI endpoint, URI redirectUri) {
        Scope scope = Scope.parse(Objects.requireNonNullElse(config.scope(), ""));
        if (scope == null) {
            scope = new Scope();
        }
        if (!scope.contains(OIDCScopeValue.OPENID)) {
            scope.add(OIDCScopeValue.OPENID);
        }
        // The same shape as a real login request, so the provider applies the same rules (e.g. PKCE required).
        return new AuthenticationRequest.Builder(ResponseType.CODE, scope, new ClientID(config.clientId()), redirectUri)
                .state(new State())
                .nonce(new Nonce())
                .codeChallenge(new CodeVerifier(), CodeChallengeMethod.S256)
                .endpointURI(endpoint)
                .build()
                .toURI();
    }

    private static Outcome redirected(String location, URI redirectUri) {
        if (!location.startsWith(redirectUri.toString())) {
            // Neither the location nor its cookies are repeated: they may carry a session id (Spring's ;jsessionid=…).
            return new Outcome(Verdict.LOGIN_PAGE, "redirected to the provider's login page", null);
        }
        int query = location.indexOf('?');
        Map<String, List<String>> params = URLUtils.parseParameters(query < 0 ? "" : location.substring(query + 1));
        String error = first(params, "error");
        if (error == null) {
            return new Outcome(Verdict.ACCEPTED, "the provider redirected back to it", null);
        }
        // The error code only, and only a standard one; error_description is the provider's free text.
        return new Outcome(Verdict.REFUSED, "the provider accepted the redirect URI but answered error="
                + ProviderText.errorCode(error), error);
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }
}
