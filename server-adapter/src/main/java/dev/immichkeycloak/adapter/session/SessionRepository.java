package dev.immichkeycloak.adapter.session;

import dev.immichkeycloak.adapter.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The SQL for sessions. */
public class SessionRepository {

    private static final String COLUMNS =
            "id, token_hash, user_id, device_type, device_os, app_version, auth_type, oauth_sid, id_token, created_at, updated_at, expires_at";

    private final Jdbc jdbc;

    public SessionRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public void insert(Session s) {
        jdbc.update("INSERT INTO sessions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", s.id(), s.tokenHash(),
                s.userId(), s.deviceType(), s.deviceOs(), s.appVersion(), s.authType().value(), s.oauthSid(), s.idToken(), s.createdAt(),
                s.updatedAt(), s.expiresAt());
    }

    public Optional<Session> findByTokenHash(String tokenHash) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM sessions WHERE token_hash = ?", SessionRepository::map, tokenHash);
    }

    public List<Session> findByUser(String userId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM sessions WHERE user_id = ? ORDER BY updated_at DESC, id", SessionRepository::map,
                userId);
    }

    /** Moves the idle expiry of a session forward. */
    public void touch(String id, OffsetDateTime updatedAt, OffsetDateTime expiresAt) {
        jdbc.update("UPDATE sessions SET updated_at = ?, expires_at = ? WHERE id = ?", updatedAt, expiresAt, id);
    }

    /** Deletes the session {@code id} only if it belongs to {@code userId}. */
    public boolean deleteOfUser(String id, String userId) {
        return jdbc.update("DELETE FROM sessions WHERE id = ? AND user_id = ?", id, userId) > 0;
    }

    /** Every session of the user but {@code keepId}. */
    public int deleteOthersOfUser(String userId, String keepId) {
        return jdbc.update("DELETE FROM sessions WHERE user_id = ? AND id <> ?", userId, keepId);
    }

    public int deleteExpired(OffsetDateTime now) {
        return jdbc.update("DELETE FROM sessions WHERE expires_at <= ?", now);
    }

    public boolean delete(String id) {
        return jdbc.update("DELETE FROM sessions WHERE id = ?", id) > 0;
    }

    public int deleteByUser(String userId) {
        return jdbc.update("DELETE FROM sessions WHERE user_id = ?", userId);
    }

    public int deleteByOAuthSid(String sid) {
        return jdbc.update("DELETE FROM sessions WHERE oauth_sid = ?", sid);
    }

    /** Sessions with this {@code sid} whose user is linked to (issuer, sub). */
    public int deleteByOAuthSidAndSubject(String sid, String issuer, String sub) {
        return jdbc.update("DELETE FROM sessions WHERE oauth_sid = ? AND user_id IN "
                + "(SELECT id FROM users WHERE oauth_issuer = ? AND oauth_id = ?)", sid, issuer, sub);
    }

    /** Every session of the user linked to (issuer, sub). */
    public int deleteByOAuthSubject(String issuer, String sub) {
        return jdbc.update("DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE oauth_issuer = ? AND oauth_id = ?)",
                issuer, sub);
    }

    private static Session map(ResultSet rs) throws SQLException {
        return new Session(rs.getString("id"), rs.getString("token_hash"), rs.getString("user_id"), rs.getString("device_type"),
                rs.getString("device_os"), rs.getString("app_version"), AuthType.fromValue(rs.getString("auth_type")),
                rs.getString("oauth_sid"), rs.getString("id_token"), Jdbc.timestamp(rs, "created_at"), Jdbc.timestamp(rs, "updated_at"),
                Jdbc.timestamp(rs, "expires_at"));
    }
}
