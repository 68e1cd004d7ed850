package dev.immichkeycloak.adapter.oidc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Pending logins in the database (plain JDBC, portable between H2 in PostgreSQL mode and PostgreSQL). A pending login is consumed once: the first {@link #consume(String)} deletes it, whatever
 * happens next, and of two concurrent consumes exactly one gets the row. Expired rows are purged now and then.
 */
public final class PendingLoginRepository {

    private static final Logger LOG = LoggerFactory.getLogger(PendingLoginRepository.class);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final Clock clock;
    private final int maxPending;
    private Instant lastPurge = Instant.EPOCH;

    /** {@code maxPending} caps live pending logins overall (Spring CVE-2021-22119: flooding authorization requests). */
    public PendingLoginRepository(DataSource dataSource, Clock clock, int maxPending) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxPending = maxPending;
    }

    /** Stores a pending login under the hash of its state. */
    public void save(PendingLogin login) {
        purgeIfDue();
        try (Connection connection = dataSource.getConnection()) {
            if (countLive(connection) >= maxPending) {
                purgeExpired();
                if (countLive(connection) >= maxPending) {
                    throw OAuthFailure.of(OAuthFailure.Reason.TOO_MANY_PENDING_LOGINS,
                            "more than " + maxPending + " pending logins");
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO oauth_pending_login (state_hash, nonce, code_verifier, code_challenge, redirect_uri, issuer,
                                                     flow, user_id, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, login.stateHash());
                insert.setString(2, login.nonce());
                insert.setString(3, login.codeVerifier());
                insert.setString(4, login.codeChallenge());
                insert.setString(5, login.redirectUri());
                insert.setString(6, login.issuer());
                insert.setString(7, login.flow().name());
                insert.setString(8, login.userId());
                insert.setObject(9, toDb(login.createdAt()));
                insert.setObject(10, toDb(login.expiresAt()));
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            // A duplicate key means a client reused a state it chose itself; the request is refused either way.
            throw OAuthFailure.of(OAuthFailure.Reason.STATE_MISMATCH, "cannot store the pending login: " + e.getMessage(), e);
        }
    }

    /**
     * Takes the pending login of {@code state} out of the database. Unknown (or already consumed) is
     * {@code STATE_MISMATCH}; found but past its expiry is {@code STATE_EXPIRED} (the row is gone either way).
     */
    public PendingLogin consume(String state) {
        String hash = Hashes.sha256Hex(state);
        try (Connection connection = dataSource.getConnection()) {
            Optional<PendingLogin> found = find(connection, hash);
            if (found.isEmpty()) {
                throw OAuthFailure.of(OAuthFailure.Reason.STATE_MISMATCH, "no pending login for this state");
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM oauth_pending_login WHERE state_hash = ?")) {
                delete.setString(1, hash);
                // The delete decides who wins a race: only one caller sees its row count of 1.
                if (delete.executeUpdate() != 1) {
                    throw OAuthFailure.of(OAuthFailure.Reason.STATE_MISMATCH, "the pending login was consumed concurrently");
                }
            }
            PendingLogin login = found.get();
            if (login.isExpired(clock.instant())) {
                throw OAuthFailure.of(OAuthFailure.Reason.STATE_EXPIRED, "the pending login expired at " + login.expiresAt());
            }
            return login;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the pending login", e);
        }
    }

    /** Deletes expired pending logins; returns how many rows went. */
    public int purgeExpired() {
        Instant now = clock.instant();
        int removed;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM oauth_pending_login WHERE expires_at <= ?")) {
            delete.setObject(1, toDb(now));
            removed = delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot purge expired pending logins", e);
        }
        synchronized (this) {
            lastPurge = now;
        }
        return removed;
    }

    private void purgeIfDue() {
        Instant now = clock.instant();
        synchronized (this) {
            if (now.isBefore(lastPurge.plus(PURGE_INTERVAL))) {
                return;
            }
            lastPurge = now;
        }
        try {
            int removed = purgeExpired();
            LOG.debug("Purged {} expired pending logins", removed);
        } catch (IllegalStateException e) {
            LOG.warn("Purging expired pending logins failed: {}", e.getMessage());
        }
    }

    private int countLive(Connection connection) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM oauth_pending_login WHERE expires_at > ?")) {
            count.setObject(1, toDb(clock.instant()));
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    private static Optional<PendingLogin> find(Connection connection, String hash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT state_hash, nonce, code_verifier, code_challenge, redirect_uri, issuer, flow, user_id, created_at, expires_at
                FROM oauth_pending_login WHERE state_hash = ?""")) {
            select.setString(1, hash);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PendingLogin(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), LoginFlow.valueOf(rows.getString(7)), rows.getString(8),
                        fromDb(rows, 9), fromDb(rows, 10)));
            }
        }
    }

    private static OffsetDateTime toDb(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant fromDb(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value.toInstant();
    }
}
