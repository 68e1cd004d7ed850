package dev.immichkeycloak.adapter.session;

import dev.immichkeycloak.adapter.api.ApiException;
import dev.immichkeycloak.adapter.user.UserRepository;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Finds the session of a request from the places Immich reads a token, in its priority order: header
 * {@code x-immich-user-token}, header {@code x-immich-session-token}, query {@code sessionKey}, {@code Authorization: Bearer},
 * cookie {@code immich_access_token}. The first one present decides; a wrong token is never rescued by a later one. The query
 * parameter counts on GET and HEAD only, so a token in a URL never authorizes a change. A session renewed by a cookie request
 * gets fresh cookies, so the browser keeps them as long as the session lives.
 */
public class Authenticator {

    private static final String ATTRIBUTE = Authenticator.class.getName();

    private final SessionService sessions;
    private final UserRepository users;
    private final AuthCookies cookies;

    public Authenticator(SessionService sessions, UserRepository users, AuthCookies cookies) {
        this.sessions = sessions;
        this.users = users;
        this.cookies = cookies;
    }

    /** The caller, or 401 {@code Authentication required} / {@code Invalid user token}. */
    public Auth requireUser(Context ctx) {
        Auth cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        String token = presentedToken(ctx).orElseThrow(() -> ApiException.unauthorized("Authentication required"));
        SessionService.SessionUse use = sessions.use(token).orElseThrow(() -> ApiException.unauthorized("Invalid user token"));
        Auth auth = users.findById(use.session().userId()).map(user -> new Auth(user, use.session()))
                .orElseThrow(() -> ApiException.unauthorized("Invalid user token"));
        if (use.renewed() && token.equals(ctx.cookie(AuthCookies.ACCESS_TOKEN)) && fromCookie(ctx)) {
            cookies.setLoginCookies(ctx, token, use.session().authType());
        }
        ctx.attribute(ATTRIBUTE, auth);
        return auth;
    }

    /** The caller if an admin, else 403 {@code Forbidden} (401 first when not authenticated). */
    public Auth requireAdmin(Context ctx) {
        Auth auth = requireUser(ctx);
        if (!auth.user().isAdmin()) {
            throw ApiException.forbidden("Forbidden");
        }
        return auth;
    }

    /** The raw token of the request, if any was presented. */
    public static Optional<String> presentedToken(Context ctx) {
        String token = firstNonEmpty(headerToken(ctx), ctx.cookie(AuthCookies.ACCESS_TOKEN));
        return Optional.ofNullable(token);
    }

    /** The token of a request that is not authenticated by its cookie (a header, or the query parameter on a GET). */
    public static String headerToken(Context ctx) {
        return firstNonEmpty(ctx.header("x-immich-user-token"), ctx.header("x-immich-session-token"), queryToken(ctx),
                bearer(ctx.header("Authorization")));
    }

    private static boolean fromCookie(Context ctx) {
        return headerToken(ctx) == null;
    }

    private static String queryToken(Context ctx) {
        String method = ctx.req().getMethod();
        return "GET".equals(method) || "HEAD".equals(method) ? ctx.queryParam("sessionKey") : null;
    }

    private static String bearer(String authorization) {
        if (authorization == null || authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return authorization.substring(7).trim();
    }

    private static String firstNonEmpty(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
