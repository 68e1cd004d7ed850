package dev.immichkeycloak.adapter.session;

import dev.immichkeycloak.adapter.db.OncePer;
import dev.immichkeycloak.adapter.user.User;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates, finds and ends sessions; the only place that turns a raw token into its stored hash. A session ends after
 * {@code idleTimeout} without use: each use more than {@link #TOUCH_INTERVAL} after the last one moves its expiry forward,
 * an expired session is refused and deleted, and expired sessions are purged now and then.
 */
public class SessionService {

    /** A session's expiry is written at most this often, so a busy client does not write on every request. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    private static final Duration PURGE_INTERVAL = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(SessionService.class);

    private final SessionRepository sessions;
    private final SessionTokens tokens;
    private final Clock clock;
    private final Duration idleTimeout;
    private final OncePer purges = new OncePer(PURGE_INTERVAL);

    public SessionService(SessionRepository sessions, SessionTokens tokens, Clock clock, Duration idleTimeout) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Starts a session for {@code user}; {@code oauthSid} and {@code idToken} are null for password logins. */
    public CreatedSession create(User user, AuthType authType, String oauthSid, String idToken, String userAgent) {
        String token = tokens.newToken();
        DeviceInfo device = DeviceInfo.fromUserAgent(userAgent);
        OffsetDateTime now = now();
        Session session = new Session(UUID.randomUUID().toString(), SessionTokens.hash(token), user.id(), device.deviceType(),
                device.deviceOs(), device.appVersion(), authType, oauthSid, idToken, now, now, now.plus(idleTimeout));
        purgeIfDue(now);
        sessions.insert(session);
        return new CreatedSession(token, session);
    }

    /** A session found for a request; {@code renewed} when this use moved its expiry forward. */
    public record SessionUse(Session session, boolean renewed) {
    }

    public Optional<Session> findByToken(String token) {
        return use(token).map(SessionUse::session);
    }

    /** The live session of a token; an expired one is deleted and not found. Using a session moves its expiry forward. */
    public Optional<SessionUse> use(String token) {
        Optional<Session> found = sessions.findByTokenHash(SessionTokens.hash(token));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Session session = found.get();
        OffsetDateTime now = now();
        if (isExpired(session, now)) {
            sessions.delete(session.id());
            return Optional.empty();
        }
        if (session.updatedAt().plus(TOUCH_INTERVAL).isBefore(now)) {
            OffsetDateTime expiresAt = now.plus(idleTimeout);
            sessions.touch(session.id(), now, expiresAt);
            return Optional.of(new SessionUse(new Session(session.id(), session.tokenHash(), session.userId(), session.deviceType(),
                    session.deviceOs(), session.appVersion(), session.authType(), session.oauthSid(), session.idToken(),
                    session.createdAt(), now, expiresAt), true));
        }
        return Optional.of(new SessionUse(session, false));
    }

    /** {@code DELETE /api/sessions/{id}}: only a session of {@code userId}. */
    public boolean deleteOfUser(String sessionId, String userId) {
        return sessions.deleteOfUser(sessionId, userId);
    }

    /** {@code DELETE /api/sessions}: every session of the user but the one in use. */
    public int deleteOthers(String userId, String currentSessionId) {
        return sessions.deleteOthersOfUser(userId, currentSessionId);
    }

    /** Deletes expired sessions; returns how many. */
    public int purgeExpired() {
        return sessions.deleteExpired(now());
    }

    private void purgeIfDue(OffsetDateTime now) {
        if (!purges.tryAcquire(now.toInstant())) {
            return;
        }
        LOG.debug("Purged {} expired sessions", sessions.deleteExpired(now));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    public List<Session> listForUser(String userId) {
        OffsetDateTime now = now();
        return sessions.findByUser(userId).stream().filter(session -> !isExpired(session, now)).toList();
    }

    /** Past its stored expiry, or idle longer than the timeout in force now (which may have been lowered since). */
    private boolean isExpired(Session session, OffsetDateTime now) {
        return session.isExpired(now) || !now.isBefore(session.updatedAt().plus(idleTimeout));
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
