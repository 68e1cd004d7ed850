package dev.immichkeycloak.adapter.oidc;

import dev.immichkeycloak.adapter.db.Jdbc;

import javax.sql.DataSource;

/**
 * The OAuth columns of an existing session: set at link (the provider's {@code sid} and the ID token for the logout
 * hint, as Immich sets {@code oauthSid}) and cleared at unlink.
 */
public final class SessionOAuthRepository {

    private final Jdbc jdbc;

    public SessionOAuthRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Sets (or with nulls clears) the {@code sid} and ID token of the session {@code sessionId}. */
    public void update(String sessionId, String oauthSid, String idToken) {
        jdbc.update("UPDATE sessions SET oauth_sid = ?, id_token = ? WHERE id = ?", oauthSid, idToken, sessionId);
    }
}
