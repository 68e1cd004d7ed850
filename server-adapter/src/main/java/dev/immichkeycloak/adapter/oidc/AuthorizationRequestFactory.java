package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Starts an authorization-code flow: checks the redirect URI, applies the mobile override, stores a pending login and
 * builds the provider URL with {@code response_type=code}, {@code client_id}, {@code redirect_uri}, {@code scope},
 * {@code state}, {@code nonce}, PKCE S256 (always, advertised or not) and {@code prompt} when configured.
 */
public final class AuthorizationRequestFactory {

    /** The pending login and the state/verifier cookies live this long (spec README §3.3). */
    public static final Duration PENDING_LOGIN_LIFETIME = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(AuthorizationRequestFactory.class);
    /** RFC 7636 §4.2: an S256 challenge is base64url without padding; 43 characters for SHA-256. */
    private static final Pattern S256_CHALLENGE = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** A client's own state goes into a cookie and a URL: unreserved characters only (the app sends 32 alphanumerics). */
    private static final Pattern CLIENT_STATE = Pattern.compile("[A-Za-z0-9._~-]{1,512}");

    /** What the client asked for: Immich's {@code OAuthConfigDto} plus the flow and, for linking, the signed-in user. */
    /** {@code prompt} is the client's own (only {@code login}: "use another account"); null means the configured one. */
    public record Input(String redirectUri, String state, String codeChallenge, LoginFlow flow, String userId, String clientKey,
                        String prompt) {
        public Input(String redirectUri, String state, String codeChallenge, LoginFlow flow, String userId, String clientKey) {
            this(redirectUri, state, codeChallenge, flow, userId, clientKey, null);
        }
    }

    /** The provider URL, and the state and (for a pair we generated) verifier the web client keeps in cookies. */
    public record Start(URI url, String state, String codeVerifier) {
    }

    private final ProviderMetadataCache providers;
    private final PendingLoginRepository pendingLogins;
    private final RedirectUriPolicy redirectUris;
    private final Clock clock;

    public AuthorizationRequestFactory(ProviderMetadataCache providers, PendingLoginRepository pendingLogins,
                                       RedirectUriPolicy redirectUris, Clock clock) {
        this.providers = providers;
        this.pendingLogins = pendingLogins;
        this.redirectUris = redirectUris;
        this.clock = clock;
    }

    public Start create(OAuthConfig config, Input input) {
        // The allow-list check comes before anything is fetched or stored (spec README §3.15).
        redirectUris.requireAllowed(input.redirectUri(), config);
        boolean clientPkce = input.codeChallenge() != null && !input.codeChallenge().isEmpty();
        if (clientPkce && !S256_CHALLENGE.matcher(input.codeChallenge()).matches()) {
            throw OAuthFailure.of(OAuthFailure.Reason.CODE_CHALLENGE_INVALID, "codeChallenge is not an S256 challenge");
        }
        boolean clientState = input.state() != null && !input.state().isEmpty();
        if (clientState && !CLIENT_STATE.matcher(input.state()).matches()) {
            throw OAuthFailure.of(OAuthFailure.Reason.STATE_INVALID, "client state has unusable characters or length");
        }
        URI redirectUri = toUri(redirectUris.applyMobileOverride(input.redirectUri(), config));

        ProviderMetadata provider = providers.get(config);
        if (!provider.advertisesS256()) {
            LOG.warn("The provider does not advertise PKCE S256; sending it anyway");
        }
        State state = clientState ? new State(input.state()) : new State(32);
        Nonce nonce = new Nonce(32);
        CodeVerifier verifier = clientPkce ? null : new CodeVerifier();
        CodeChallenge challenge = clientPkce
                ? parseChallenge(input.codeChallenge())
                : CodeChallenge.compute(CodeChallengeMethod.S256, verifier);

        AuthenticationRequest.Builder request = new AuthenticationRequest.Builder(
                ResponseType.CODE, Scope.parse(scopeOf(config)), new ClientID(config.clientId()), redirectUri)
                .endpointURI(provider.authorizationEndpoint())
                .state(state)
                .nonce(nonce)
                .codeChallenge(challenge, CodeChallengeMethod.S256);
        String prompt = input.prompt() != null ? input.prompt() : config.prompt();
        if (prompt != null && !prompt.isBlank()) {
            request.customParameter("prompt", prompt.trim());
        }
        URI url = request.build().toURI();

        Instant now = clock.instant();
        pendingLogins.save(new PendingLogin(Hashes.sha256Hex(state.getValue()), nonce.getValue(),
                verifier == null ? null : verifier.getValue(), clientPkce ? input.codeChallenge() : null,
                redirectUri.toString(), provider.issuer().getValue(), input.flow(),
                input.flow() == LoginFlow.LINK ? input.userId() : null, input.clientKey(), now, now.plus(PENDING_LOGIN_LIFETIME)));
        return new Start(url, state.getValue(), verifier == null ? null : verifier.getValue());
    }

    private static String scopeOf(OAuthConfig config) {
        String scope = config.scope() == null || config.scope().isBlank() ? "openid email profile" : config.scope().trim();
        // An OpenID request needs the openid scope; without it the provider would send no ID token.
        return (" " + scope + " ").contains(" openid ") ? scope : "openid " + scope;
    }

    private static CodeChallenge parseChallenge(String value) {
        try {
            return CodeChallenge.parse(value);
        } catch (com.nimbusds.oauth2.sdk.ParseException e) {
            throw OAuthFailure.of(OAuthFailure.Reason.CODE_CHALLENGE_INVALID, "codeChallenge cannot be parsed", e);
        }
    }

    private static URI toUri(String value) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            throw OAuthFailure.of(OAuthFailure.Reason.REDIRECT_URI_NOT_ALLOWED, "redirect URI is not a URI", e);
        }
    }
}
