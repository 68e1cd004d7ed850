package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.oidc.AuthorizationRequestFactory;
import dev.immichkeycloak.adapter.oidc.LoginFlow;
import dev.immichkeycloak.adapter.oidc.LogoutClaims;
import dev.immichkeycloak.adapter.oidc.LogoutTokenVerifier;
import dev.immichkeycloak.adapter.oidc.OAuthFailure;
import dev.immichkeycloak.adapter.oidc.OAuthOperation;
import dev.immichkeycloak.adapter.oidc.OidcCallbackProcessor;
import dev.immichkeycloak.adapter.oidc.OidcLogin;
import dev.immichkeycloak.adapter.oidc.ProviderMetadataCache;
import dev.immichkeycloak.adapter.oidc.SessionOAuthRepository;
import dev.immichkeycloak.adapter.session.Auth;
import dev.immichkeycloak.adapter.session.AuthCookies;
import dev.immichkeycloak.adapter.session.AuthType;
import dev.immichkeycloak.adapter.session.Authenticator;
import dev.immichkeycloak.adapter.session.CreatedSession;
import dev.immichkeycloak.adapter.session.SessionService;
import dev.immichkeycloak.adapter.user.User;
import dev.immichkeycloak.adapter.user.UserProvisioner;
import dev.immichkeycloak.adapter.user.UserRepository;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/oauth}: authorize, callback, link, unlink, mobile-redirect and back-channel logout, with Immich's routes,
 * status codes, bodies, cookies and messages (immich-api.md §1.2) and the stricter rules of spec README §3.
 */
public final class OAuthController implements ApiRoutes {

    /** The fixed target of the mobile redirect (immich-api.md §4.1). */
    public static final String MOBILE_CALLBACK = "app.immich:///oauth-callback";
    /** The authorization-response parameters the mobile redirect forwards (spec README §3.13), in this order. */
    private static final List<String> MOBILE_PARAMETERS =
            List.of("code", "state", "iss", "error", "error_description", "error_uri", "session_state");
    private static final int MAX_MOBILE_PARAMETER_LENGTH = 4096;

    private static final Logger LOG = LoggerFactory.getLogger(OAuthController.class);

    private final SystemConfigService systemConfig;
    private final ProviderMetadataCache providers;
    private final AuthorizationRequestFactory authorizations;
    private final OidcCallbackProcessor callbacks;
    private final LogoutTokenVerifier logoutTokens;
    private final UserProvisioner provisioner;
    private final UserRepository users;
    private final SessionService sessions;
    private final SessionOAuthRepository sessionOAuth;
    private final Authenticator authenticator;
    private final AuthCookies cookies;
    private final ClientRequest client;
    private final ObjectMapper mapper;

    public OAuthController(SystemConfigService systemConfig, ProviderMetadataCache providers, AuthorizationRequestFactory authorizations,
                           OidcCallbackProcessor callbacks, LogoutTokenVerifier logoutTokens, UserProvisioner provisioner,
                           UserRepository users, SessionService sessions, SessionOAuthRepository sessionOAuth,
                           Authenticator authenticator, AuthCookies cookies, ClientRequest client, ObjectMapper mapper) {
        this.systemConfig = systemConfig;
        this.providers = providers;
        this.authorizations = authorizations;
        this.callbacks = callbacks;
        this.logoutTokens = logoutTokens;
        this.provisioner = provisioner;
        this.users = users;
        this.sessions = sessions;
        this.sessionOAuth = sessionOAuth;
        this.authenticator = authenticator;
        this.cookies = cookies;
        this.client = client;
        this.mapper = mapper;
    }

    @Override
    public void register(ApiRouter router) {
        router.post("/api/oauth/authorize", "startOAuth", this::authorize)
                .post("/api/oauth/callback", "finishOAuth", this::callback)
                .post("/api/oauth/link", "linkOAuthAccount", this::link)
                .post("/api/oauth/unlink", "unlinkOAuthAccount", this::unlink)
                .get("/api/oauth/mobile-redirect", "redirectOAuthToMobile", this::mobileRedirect)
                .post("/api/oauth/backchannel-logout", "logoutOAuth", this::backchannelLogout);
    }

    void authorize(Context ctx) {
        noStore(ctx);
        JsonNode body = JsonBody.parse(ctx, mapper).tree();
        List<String> problems = new ArrayList<>();
        String redirectUri = string(body, "redirectUri", true, false, problems);
        String state = string(body, "state", false, false, problems);
        String codeChallenge = string(body, "codeChallenge", false, false, problems);
        // Ours, for "use another account" after a refused login: the provider asks for credentials again.
        String prompt = string(body, "prompt", false, false, problems);
        if (prompt != null && !prompt.equals("login")) {
            problems.add("[prompt] Invalid option: expected \"login\"");
        }
        throwIfAny(problems);
        OAuthConfig config = enabledConfig(OAuthOperation.AUTHORIZE);
        // A signed-in user asking for the settings page is linking (spec: never link on a callback the user did not start).
        Auth auth = optionalUser(ctx);
        boolean linking = auth != null && "/user-settings".equals(pathOf(redirectUri));
        AuthorizationRequestFactory.Start start = run(OAuthOperation.AUTHORIZE, () -> authorizations.create(config,
                new AuthorizationRequestFactory.Input(redirectUri, state, codeChallenge, linking ? LoginFlow.LINK : LoginFlow.LOGIN,
                        linking ? auth.user().id() : null, client.key(ctx), prompt)));
        cookies.setOAuthCookies(ctx, start.state(), start.codeVerifier());
        ctx.status(201).json(Map.of("url", start.url().toString()));
    }

    void callback(Context ctx) {
        noStore(ctx);
        // Spec README §3.3: the state and verifier cookies go with every callback, whatever the outcome (the values
        // were already sent with this request).
        cookies.clearOAuthCookies(ctx);
        CallbackBody body = callbackBody(ctx);
        OAuthConfig config = enabledConfig(OAuthOperation.CALLBACK);
        OidcLogin login = run(OAuthOperation.CALLBACK, () -> callbacks.complete(config,
                new OidcCallbackProcessor.Callback(body.url(), body.state(), body.codeVerifier(), LoginFlow.LOGIN, null)));
        User user = run(OAuthOperation.CALLBACK, () -> provisioner.provision(login, config));
        CreatedSession session = sessions.create(user, AuthType.OAUTH, login.idToken().sessionId(), login.idToken().raw(), ctx.userAgent());
        cookies.setLoginCookies(ctx, session.token(), AuthType.OAUTH);
        ctx.status(201).json(LoginResponse.from(user, session.token()));
    }

    void link(Context ctx) {
        noStore(ctx);
        cookies.clearOAuthCookies(ctx);
        Auth auth = authenticator.requireUser(ctx);
        CallbackBody body = callbackBody(ctx);
        // As Immich, link does not look at oauth.enabled; without a provider it fails at the state or at discovery.
        OAuthConfig config = systemConfig.get().oauth();
        OidcLogin login = run(OAuthOperation.LINK, () -> callbacks.complete(config,
                new OidcCallbackProcessor.Callback(body.url(), body.state(), body.codeVerifier(), LoginFlow.LINK, auth.user().id())));
        User user = run(OAuthOperation.LINK, () -> provisioner.link(auth.user(), login));
        sessionOAuth.update(auth.session().id(), login.idToken().sessionId(), login.idToken().raw());
        ctx.status(200).json(UserAdminResponse.from(user));
    }

    void unlink(Context ctx) {
        Auth auth = authenticator.requireUser(ctx);
        sessionOAuth.update(auth.session().id(), null, null);
        User user = users.unlinkOAuth(auth.user().id());
        LOG.info("User {} unlinked from OAuth", user.id());
        ctx.status(200).json(UserAdminResponse.from(user));
    }

    void mobileRedirect(Context ctx) {
        noStore(ctx);
        StringBuilder location = new StringBuilder(MOBILE_CALLBACK).append('?');
        Map<String, List<String>> query = ctx.queryParamMap();
        String separator = "";
        for (String name : MOBILE_PARAMETERS) {
            List<String> values = query.get(name);
            if (values == null || values.isEmpty() || values.get(0).length() > MAX_MOBILE_PARAMETER_LENGTH) {
                continue;
            }
            location.append(separator).append(name).append('=').append(encode(values.get(0)));
            separator = "&";
        }
        ctx.redirect(location.toString(), HttpStatus.TEMPORARY_REDIRECT);
    }

    void backchannelLogout(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        String token = logoutTokenOf(ctx);
        OAuthConfig config = enabledConfig(OAuthOperation.BACKCHANNEL_LOGOUT);
        LogoutClaims claims = run(OAuthOperation.BACKCHANNEL_LOGOUT, () -> logoutTokens.verify(token, providers.get(config), config));
        int ended;
        if (claims.subject() != null && claims.sessionId() != null) {
            ended = sessions.deleteByOAuthSidAndSubject(claims.sessionId(), claims.issuer(), claims.subject());
        } else if (claims.subject() != null) {
            ended = sessions.deleteByOAuthSubject(claims.issuer(), claims.subject());
        } else {
            ended = sessions.deleteByOAuthSid(claims.sessionId());
        }
        LOG.info("Back-channel logout (sub {}, sid {}) ended {} session(s)", claims.subject(), claims.sessionId(), ended);
        ctx.status(200);
    }

    /** Immich's {@code OAuthCallbackDto}: {@code url} (non-empty string), optional string {@code state} and {@code codeVerifier}. */
    private record CallbackBody(String url, String state, String codeVerifier) {
    }

    private CallbackBody callbackBody(Context ctx) {
        JsonNode body = JsonBody.parse(ctx, mapper).tree();
        List<String> problems = new ArrayList<>();
        String url = string(body, "url", true, true, problems);
        String state = string(body, "state", false, false, problems);
        String codeVerifier = string(body, "codeVerifier", false, false, problems);
        throwIfAny(problems);
        // Immich: body ?? cookie, so an explicit "" in the body does not fall back to the cookie.
        return new CallbackBody(url, state != null ? state : ctx.cookie(AuthCookies.OAUTH_STATE),
                codeVerifier != null ? codeVerifier : ctx.cookie(AuthCookies.OAUTH_CODE_VERIFIER));
    }

    private String logoutTokenOf(Context ctx) {
        String contentType = String.valueOf(ctx.contentType()).toLowerCase(Locale.ROOT);
        JsonNode token;
        if (contentType.startsWith("application/x-www-form-urlencoded")) {
            String value = ctx.formParam("logout_token");
            token = value == null ? null : mapper.getNodeFactory().textNode(value);
        } else {
            token = JsonBody.parse(ctx, mapper).tree().get("logout_token");
        }
        if (token == null || !token.isTextual()) {
            throw new ValidationException(List.of("[logout_token] " + JsonBody.expected("string", token)));
        }
        return token.asText();
    }

    private OAuthConfig enabledConfig(OAuthOperation operation) {
        OAuthConfig config = systemConfig.get().oauth();
        if (!config.enabled()) {
            throw OAuthFailure.of(OAuthFailure.Reason.OAUTH_DISABLED, null).toApiException(operation);
        }
        return config;
    }

    private Auth optionalUser(Context ctx) {
        if (Authenticator.presentedToken(ctx).isEmpty()) {
            return null;
        }
        try {
            return authenticator.requireUser(ctx);
        } catch (ApiException e) {
            return null;
        }
    }

    private static <T> T run(OAuthOperation operation, java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (OAuthFailure failure) {
            throw failure.toApiException(operation);
        }
    }

    /** A string field with zod's messages; JSON {@code null} is refused like any other non-string. */
    private static String string(JsonNode body, String field, boolean required, boolean nonEmpty, List<String> problems) {
        JsonNode value = body.get(field);
        if (value == null) {
            if (required) {
                problems.add("[" + field + "] " + JsonBody.expected("string", null));
            }
            return null;
        }
        if (!value.isTextual()) {
            problems.add("[" + field + "] " + JsonBody.expected("string", value));
            return null;
        }
        if (nonEmpty && value.asText().isEmpty()) {
            problems.add("[" + field + "] Too small: expected string to have >=1 characters");
            return null;
        }
        return value.asText();
    }

    private static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
    }

    private static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Referrer-Policy", "no-referrer");
    }

    private static String pathOf(String uri) {
        try {
            return uri == null ? null : new URI(uri).getRawPath();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
