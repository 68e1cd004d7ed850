package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.session.Auth;
import dev.immichkeycloak.adapter.session.Authenticator;
import dev.immichkeycloak.adapter.session.CreatedSession;
import dev.immichkeycloak.adapter.session.Session;
import dev.immichkeycloak.adapter.session.SessionService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/sessions}: the caller's sessions (the one in use marked {@code current}), and revoking them as Immich does:
 * one by id, or all but the current one (both 204). {@code POST /api/sessions} starts another session for the caller (same device
 * info as a login from this User-Agent; the body's device fields and duration are not used). {@code PUT /api/sessions/{id}}
 * accepts {@code isPendingSyncReset} and answers the session (there is no sync here, so the flag is not kept);
 * {@code POST /api/sessions/{id}/lock} is a no-op 204, because there are no PIN codes to lock behind. The admin's
 * {@code GET /api/admin/users/{id}/sessions} lists a user's sessions.
 */
public class SessionController implements ApiRoutes {

    private final SessionService sessions;
    private final Authenticator authenticator;

    private final ObjectMapper mapper;

    public SessionController(SessionService sessions, Authenticator authenticator, ObjectMapper mapper) {
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.mapper = mapper;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/api/sessions", "getSessions", this::getSessions)
                .delete("/api/sessions", "deleteAllSessions", this::deleteAllSessions)
                .post("/api/sessions", "createSession", this::createSession)
                .delete("/api/sessions/{id}", "deleteSession", this::deleteSession)
                .put("/api/sessions/{id}", "updateSession", this::updateSession)
                .post("/api/sessions/{id}/lock", "lockSession", this::lockSession)
                .get("/api/admin/users/{id}/sessions", "getUserSessionsAdmin", this::getUserSessionsAdmin);
    }

    void createSession(Context ctx) {
        Auth auth = authenticator.requireUser(ctx);
        JsonBody body = JsonBody.parse(ctx, mapper);
        body.optionalString("deviceOS", FieldLimits.NAME);
        body.optionalString("deviceType", FieldLimits.NAME);
        body.optionalNonNegativeLong("duration");
        body.validate();
        // The provider's sid and ID token carry over, so a back-channel logout of the parent also ends this one (Immich's
        // child sessions go with their parent).
        Session parent = auth.session();
        CreatedSession created = sessions.create(auth.user(), parent.authType(), parent.oauthSid(), parent.idToken(), ctx.userAgent());
        SessionResponse view = SessionResponse.from(created.session(), auth.session().id());
        @SuppressWarnings("unchecked")
        Map<String, Object> answer = new LinkedHashMap<>(mapper.convertValue(view, Map.class));
        answer.put("token", created.token());
        ctx.status(201).json(answer);
    }

    void updateSession(Context ctx) {
        Auth auth = authenticator.requireUser(ctx);
        JsonBody body = JsonBody.parse(ctx, mapper);
        body.optionalBoolean("isPendingSyncReset", false);
        body.validate();
        ctx.json(SessionResponse.from(ownSession(ctx.pathParam("id"), auth, "update"), auth.session().id()));
    }

    void lockSession(Context ctx) {
        Auth auth = authenticator.requireUser(ctx);
        ownSession(ctx.pathParam("id"), auth, "lock");
        ctx.status(204);
    }

    void getUserSessionsAdmin(Context ctx) {
        Auth auth = authenticator.requireAdmin(ctx);
        ctx.json(sessions.listForUser(ctx.pathParam("id")).stream()
                .map(session -> SessionResponse.from(session, auth.session().id()))
                .toList());
    }

    private Session ownSession(String id, Auth auth, String permission) {
        return sessions.listForUser(auth.user().id()).stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> ApiException.badRequest("Not found or no session." + permission + " access"));
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
