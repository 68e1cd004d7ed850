package dev.immichkeycloak.adapter.session;

import dev.immichkeycloak.adapter.api.ApiException;
import dev.immichkeycloak.adapter.user.UserRepository;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Finds the session of a request from the places Immich reads a token, in its priority order: header
 * {@code x-immich-user-token}, header {@code x-immich-session-token}, query {@code sessionKey}, {@code Authorization: Bearer},
 * cookie {@code immich_access_token}. The first one present decides; a wrong token is never rescued by a later one.
 */
public class Authenticator {

    private static final String ATTRIBUTE = Authenticator.class.getName();

    private final SessionService sessions;
    private final UserRepository users;

    public Authenticator(SessionService sessions, UserRepository users) {
        this.sessions = sessions;
        this.users = users;
    }

    /** The caller, or 401 {@code Authentication required} / {@code Invalid user token}. */
    public Auth requireUser(Context ctx) {
        Auth cached = ctx.attribute(ATTRIBUTE);
        if (cached != null) {
            return cached;
        }
        String token = presentedToken(ctx).orElseThrow(() -> ApiException.unauthorized("Authentication required"));
        Auth auth = sessions.findByToken(token)
                .flatMap(session -> users.findById(session.userId()).map(user -> new Auth(user, session)))
                .orElseThrow(() -> ApiException.unauthorized("Invalid user token"));
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
        String token = firstNonEmpty(ctx.header("x-immich-user-token"), ctx.header("x-immich-session-token"),
                ctx.queryParam("sessionKey"), bearer(ctx.header("Authorization")), ctx.cookie(AuthCookies.ACCESS_TOKEN));
        return Optional.ofNullable(token);
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
