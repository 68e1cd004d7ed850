package dev.immichkeycloak.adapter.oidc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Back-channel logout token ids already used, kept until the token expires, so a replayed token is refused. */
public final class UsedLogoutTokenRepository {

    private final DataSource dataSource;
    private final Clock clock;

    public UsedLogoutTokenRepository(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Records {@code issuer}+{@code jti} until {@code expiresAt}; false when it was recorded before (a replay), also
     * when a concurrent caller recorded it first. Both are hashed, so any length is fine.
     */
    public boolean markUsed(String issuer, String jti, Instant expiresAt) {
        String hash = Hashes.sha256Hex(issuer + "\n" + jti);
        try (Connection connection = dataSource.getConnection()) {
            purgeExpired(connection);
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM oauth_used_logout_token WHERE jti_hash = ?")) {
                select.setString(1, hash);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO oauth_used_logout_token (jti_hash, expires_at) VALUES (?, ?)")) {
                insert.setString(1, hash);
                insert.setObject(2, OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC));
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                // SQLSTATE 23505 (unique_violation in PostgreSQL and H2): another request recorded it first.
                if ("23505".equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot record the logout token id", e);
        }
    }

    private void purgeExpired(Connection connection) throws SQLException {
        // Logout tokens are rare; purging on every use keeps the table at the size of the live window.
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM oauth_used_logout_token WHERE expires_at <= ?")) {
            delete.setObject(1, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            delete.executeUpdate();
        }
    }
}
