package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.session.Auth;
import dev.immichkeycloak.adapter.session.Authenticator;
import dev.immichkeycloak.adapter.session.SessionService;
import io.javalin.http.Context;

/**
 * {@code /api/sessions}: the caller's sessions (the one in use marked {@code current}), and revoking them as Immich does:
 * one by id, or all but the current one (both 204).
 */
public class SessionController implements ApiRoutes {

    private final SessionService sessions;
    private final Authenticator authenticator;

    public SessionController(SessionService sessions, Authenticator authenticator) {
        this.sessions = sessions;
        this.authenticator = authenticator;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/api/sessions", "getSessions", this::getSessions)
                .delete("/api/sessions", "deleteAllSessions", this::deleteAllSessions)
                .delete("/api/sessions/{id}", "deleteSession", this::deleteSession);
    }

    void deleteAllSessions(Context ctx) {
        Auth auth = authenticator.requireUser(ctx);
        sessions.deleteOthers(auth.user().id(), auth.session().id());
        ctx.status(204);
    }

    void deleteSession(Context ctx) {
        Auth auth = authenticator.requireUser(ctx);
        // Immich's access check: someone else's session and an unknown id look the same.
        if (!sessions.deleteOfUser(ctx.pathParam("id"), auth.user().id())) {
            throw ApiException.badRequest("Not found or no session.delete access");
        }
        ctx.status(204);
    }

    void getSessions(Context ctx) {
        Auth auth = authenticator.requireUser(ctx);
        ctx.json(sessions.listForUser(auth.user().id()).stream()
                .map(session -> SessionResponse.from(session, auth.session().id()))
                .toList());
    }
}
