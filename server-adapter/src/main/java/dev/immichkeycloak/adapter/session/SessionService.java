package dev.immichkeycloak.adapter.session;

import dev.immichkeycloak.adapter.user.User;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creates, finds and ends sessions; the only place that turns a raw token into its stored hash. */
public class SessionService {

    private final SessionRepository sessions;
    private final SessionTokens tokens;
    private final Clock clock;

    public SessionService(SessionRepository sessions, SessionTokens tokens, Clock clock) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** Starts a session for {@code user}; {@code oauthSid} and {@code idToken} are null for password logins. */
    public CreatedSession create(User user, AuthType authType, String oauthSid, String idToken, String userAgent) {
        String token = tokens.newToken();
        DeviceInfo device = DeviceInfo.fromUserAgent(userAgent);
        OffsetDateTime now = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        Session session = new Session(UUID.randomUUID().toString(), SessionTokens.hash(token), user.id(), device.deviceType(),
                device.deviceOs(), device.appVersion(), authType, oauthSid, idToken, now, now);
        sessions.insert(session);
        return new CreatedSession(token, session);
    }

    public Optional<Session> findByToken(String token) {
        return sessions.findByTokenHash(SessionTokens.hash(token));
    }

    public List<Session> listForUser(String userId) {
        return sessions.findByUser(userId);
    }

    public boolean delete(String sessionId) {
        return sessions.delete(sessionId);
    }

    public int deleteAllForUser(String userId) {
        return sessions.deleteByUser(userId);
    }

    /** Back-channel logout with only {@code sid}. */
    public int deleteByOAuthSid(String sid) {
        return sessions.deleteByOAuthSid(sid);
    }

    /** Back-channel logout with {@code sid} and {@code sub}. */
    public int deleteByOAuthSidAndSubject(String sid, String issuer, String sub) {
        return sessions.deleteByOAuthSidAndSubject(sid, issuer, sub);
    }

    /** Back-channel logout with only {@code sub}: every session of that user, as in Immich. */
    public int deleteByOAuthSubject(String issuer, String sub) {
        return sessions.deleteByOAuthSubject(issuer, sub);
    }
}
