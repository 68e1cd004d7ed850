package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.session.Auth;
import dev.immichkeycloak.adapter.session.Authenticator;
import dev.immichkeycloak.adapter.session.SessionService;
import io.javalin.http.Context;

/** {@code GET /api/sessions}: the caller's sessions, the one in use marked {@code current}. */
public class SessionController implements ApiRoutes {

    private final SessionService sessions;
    private final Authenticator authenticator;

    public SessionController(SessionService sessions, Authenticator authenticator) {
        this.sessions = sessions;
        this.authenticator = authenticator;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/api/sessions", "getSessions", this::getSessions);
    }

    void getSessions(Context ctx) {
        Auth auth = authenticator.requireUser(ctx);
        ctx.json(sessions.listForUser(auth.user().id()).stream()
                .map(session -> SessionResponse.from(session, auth.session().id()))
                .toList());
    }
}
