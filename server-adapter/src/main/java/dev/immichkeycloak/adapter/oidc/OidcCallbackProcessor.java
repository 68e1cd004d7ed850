package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.oauth2.sdk.AuthorizationErrorResponse;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.AuthorizationSuccessResponse;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.immichkeycloak.adapter.api.FieldLimits;
import dev.immichkeycloak.adapter.config.OAuthConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Finishes an authorization-code flow, in the order of immich-api.md §3 with the checks of spec README §3: state and
 * verifier present, pending login consumed (one time), state, flow and PKCE verifier matched, RFC 9207 {@code iss},
 * provider error, code exchange with the stored redirect URI, ID token verified (nonce before any other use of the
 * tokens), UserInfo fetched and its {@code sub} matched, claims merged.
 */
public final class OidcCallbackProcessor {

    /** RFC 7636 §4.1: 43 to 128 unreserved characters. */
    private static final Pattern VERIFIER = Pattern.compile("[A-Za-z0-9._~-]{43,128}");

    /**
     * A callback: the URL the provider sent the browser or app to, the state and verifier from the body or else the
     * cookies, the flow the endpoint serves and, for {@link LoginFlow#LINK}, the signed-in user.
     */
    public record Callback(String url, String state, String codeVerifier, LoginFlow flow, String userId) {
    }

    private final ProviderMetadataCache providers;
    private final PendingLoginRepository pendingLogins;
    private final RedirectUriPolicy redirectUris;
    private final OidcClient client;
    private final IdTokenVerifier idTokens;

    public OidcCallbackProcessor(ProviderMetadataCache providers, PendingLoginRepository pendingLogins, RedirectUriPolicy redirectUris,
                                 OidcClient client, IdTokenVerifier idTokens) {
        this.providers = providers;
        this.pendingLogins = pendingLogins;
        this.redirectUris = redirectUris;
        this.client = client;
        this.idTokens = idTokens;
    }

    public OidcLogin complete(OAuthConfig config, Callback callback) {
        if (callback.state() == null || callback.state().isEmpty()) {
            throw OAuthFailure.of(OAuthFailure.Reason.STATE_MISSING, "no state in the body or cookie");
        }
        if (callback.codeVerifier() == null || callback.codeVerifier().isEmpty()) {
            throw OAuthFailure.of(OAuthFailure.Reason.CODE_VERIFIER_MISSING, "no code verifier in the body or cookie");
        }
        // One time: from here on the pending login is gone, whatever the outcome (spec README §3.3).
        PendingLogin pending = pendingLogins.consume(callback.state());

        // Immich applies the mobile override in the callback, not in link (immich-api.md §4.2).
        String url = callback.flow() == LoginFlow.LOGIN ? redirectUris.applyMobileOverride(callback.url(), config) : callback.url();
        AuthorizationResponse response = parseResponse(url);
        if (response.getState() == null && response.indicatesSuccess()) {
            throw OAuthFailure.of(OAuthFailure.Reason.STATE_MISMATCH, "the callback URL has no state");
        }
        if (response.getState() != null && !Hashes.constantTimeEquals(response.getState().getValue(), callback.state())) {
            throw OAuthFailure.of(OAuthFailure.Reason.STATE_MISMATCH, "the state in the callback URL is not the expected state");
        }
        if (pending.flow() != callback.flow() || !Objects.equals(pending.userId(), callback.userId())) {
            // CVE-2025-43856: never link on a callback the signed-in user did not start.
            throw OAuthFailure.of(OAuthFailure.Reason.FLOW_MISMATCH,
                    "pending login was started for " + pending.flow() + ", not this " + callback.flow() + " request");
        }
        String verifier = checkVerifier(pending, callback.codeVerifier());

        ProviderMetadata provider = providers.get(config);
        // RFC 9700 §4.4: the response must come from the issuer the request was sent to.
        if (!provider.issuer().getValue().equals(pending.issuer())) {
            throw OAuthFailure.of(OAuthFailure.Reason.ISSUER_MISMATCH, "the provider changed since the login started");
        }
        // RFC 9207 §2.4: compare iss when present; require it when the provider advertises it.
        if (response.getIssuer() != null) {
            if (!response.getIssuer().getValue().equals(provider.issuer().getValue())) {
                throw OAuthFailure.of(OAuthFailure.Reason.ISSUER_MISMATCH, "iss in the authorization response is not the issuer");
            }
        } else if (provider.issParameterSupported()) {
            throw OAuthFailure.of(OAuthFailure.Reason.ISSUER_MISMATCH,
                    "the provider advertises authorization_response_iss_parameter_supported but sent no iss");
        }
        if (!response.indicatesSuccess()) {
            AuthorizationErrorResponse error = response.toErrorResponse();
            String code = error.getErrorObject() == null ? "unknown" : error.getErrorObject().getCode();
            // The error code goes to the log, sanitised; error_description is never reflected anywhere.
            throw OAuthFailure.of(OAuthFailure.Reason.PROVIDER_ERROR,
                    "the provider answered error=" + String.valueOf(code).replaceAll("[^A-Za-z0-9_.-]", "?"));
        }
        AuthorizationSuccessResponse success = response.toSuccessResponse();
        if (success.getAuthorizationCode() == null) {
            throw OAuthFailure.of(OAuthFailure.Reason.CODE_MISSING, "the callback URL has no code");
        }

        OidcClient.Tokens tokens = client.exchangeCode(provider, config, success.getAuthorizationCode().getValue(),
                URI.create(pending.redirectUri()), verifier);
        // RFC 9700 §4.5.3.2: nothing from the token response is used before the nonce check passed.
        VerifiedIdToken idToken = idTokens.verify(tokens.idToken(), provider, config, pending.nonce());
        Map<String, Object> userInfo = client.fetchUserInfo(provider, config, tokens.accessToken(), idToken.subject());
        checkLength("sub", idToken.subject(), FieldLimits.OAUTH_SUBJECT);
        checkLength("sid", idToken.sessionId(), FieldLimits.OAUTH_SESSION_ID);
        return new OidcLogin(provider.issuer().getValue(), OAuthProfile.merge(idToken.claims(), userInfo), idToken, pending.flow());
    }

    /** Identifiers are stored and matched whole, so one too long for its column fails the login (never cut, never a 500). */
    private static void checkLength(String claim, String value, int max) {
        if (value != null && value.length() > max) {
            throw OAuthFailure.of(OAuthFailure.Reason.CLAIM_INVALID,
                    "the " + claim + " claim has " + value.length() + " characters; at most " + max + " can be stored");
        }
    }

    private static String checkVerifier(PendingLogin pending, String supplied) {
        if (pending.serverGeneratedPkce()) {
            if (!Hashes.constantTimeEquals(pending.codeVerifier(), supplied)) {
                throw OAuthFailure.of(OAuthFailure.Reason.CODE_VERIFIER_MISMATCH, "the code verifier is not the one issued");
            }
            return pending.codeVerifier();
        }
        if (!VERIFIER.matcher(supplied).matches()) {
            throw OAuthFailure.of(OAuthFailure.Reason.CODE_VERIFIER_MISMATCH, "the client's code verifier is malformed");
        }
        String computed = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(supplied)).getValue();
        if (!Hashes.constantTimeEquals(computed, pending.codeChallenge())) {
            throw OAuthFailure.of(OAuthFailure.Reason.CODE_VERIFIER_MISMATCH, "the code verifier does not match the client's challenge");
        }
        return supplied;
    }

    private static AuthorizationResponse parseResponse(String url) {
        if (url == null || url.isEmpty()) {
            throw OAuthFailure.of(OAuthFailure.Reason.CALLBACK_URL_INVALID, "empty callback URL");
        }
        try {
            return AuthorizationResponse.parse(new URI(url));
        } catch (URISyntaxException | ParseException | IllegalArgumentException e) {
            throw OAuthFailure.of(OAuthFailure.Reason.CALLBACK_URL_INVALID, "cannot parse the callback URL: " + e.getMessage(), e);
        }
    }
}
