package dev.immichkeycloak.adapter.oidc;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.immichkeycloak.adapter.db.OncePer;
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

/**
 * Pending logins in the database (plain JDBC, portable between H2 in PostgreSQL mode and PostgreSQL). A pending login is
 * consumed once: the first {@link #consume(String)} deletes it, whatever happens next, and of two concurrent consumes exactly
 * one gets the row. Expired rows are purged now and then.
 *
 * <p>Storage is bounded without ever refusing a login (issue 8 item 3): each client (address) keeps at most
 * {@code maxPerClient} live pending logins and a new one evicts that client's oldest, so a flood from one address only
 * displaces its own; over {@code maxPending} in all, the oldest overall go, so even a flood from many addresses cannot
 * grow the table or stop a new visitor from starting a login.
 */
public final class PendingLoginRepository {

    private static final Logger LOG = LoggerFactory.getLogger(PendingLoginRepository.class);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "state_hash, nonce, code_verifier, code_challenge, redirect_uri, issuer, flow, user_id, "
            + "client_key, created_at, expires_at";

    private final DataSource dataSource;
    private final Clock clock;
    private final int maxPending;
    private final int maxPerClient;
    private Instant lastPurge = Instant.EPOCH;
    /** The consuming statement in this database's dialect, found on first use. */
    private volatile String consumeSql;
    private final OncePer overflowWarnings = new OncePer(Duration.ofMinutes(1));

    /** {@code maxPending} caps stored pending logins overall (Spring CVE-2021-22119), {@code maxPerClient} those of one client. */
    public PendingLoginRepository(DataSource dataSource, Clock clock, int maxPending, int maxPerClient) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxPending = maxPending;
        this.maxPerClient = maxPerClient;
    }

    /** Stores a pending login under the hash of its state. */
    public void save(PendingLogin login) {
        purgeIfDue();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO oauth_pending_login (state_hash, nonce, code_verifier, code_challenge, redirect_uri, issuer,
                                                     flow, user_id, client_key, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setString(1, login.stateHash());
                insert.setString(2, login.nonce());
                insert.setString(3, login.codeVerifier());
                insert.setString(4, login.codeChallenge());
                insert.setString(5, login.redirectUri());
                insert.setString(6, login.issuer());
                insert.setString(7, login.flow().name());
                insert.setString(8, login.userId());
                insert.setString(9, login.clientKey());
                insert.setObject(10, toDb(login.createdAt()));
                insert.setObject(11, toDb(login.expiresAt()));
                insert.executeUpdate();
            }
            trim(connection, login.clientKey());
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                // A client reused a state it chose itself.
                throw OAuthFailure.of(OAuthFailure.Reason.STATE_MISMATCH, "a pending login with this state exists already", e);
            }
            throw new IllegalStateException("Cannot store the pending login", e);
        }
    }

    /**
     * Trimmed after the insert: the last trim to run sees every committed row, so concurrent starts cannot overshoot. A trim
     * that fails (e.g. two concurrent deletes on PostgreSQL) does not fail the start; the next one catches up.
     */
    private void trim(Connection connection, String clientKey) {
        try {
            int evicted = keepNewest(connection, "WHERE client_key = ?", maxPerClient, clientKey);
            if (evicted > 0) {
                LOG.debug("Client {} is over {} pending logins: evicted its {} oldest", clientKey, maxPerClient, evicted);
            }
            if (count(connection, "SELECT COUNT(*) FROM oauth_pending_login") > maxPending) {
                int oldest = keepNewest(connection, "", maxPending);
                if (overflowWarnings.tryAcquire(clock.instant())) {
                    LOG.warn("Over {} pending logins stored (a flood from many addresses?): evicted the {} oldest", maxPending, oldest);
                }
            }
        } catch (SQLException e) {
            LOG.warn("Trimming pending logins failed, the next start retries: {}", e.getMessage());
        }
    }

    /**
     * Takes the pending login of {@code state} out of the database. Unknown (or already consumed) is
     * {@code STATE_MISMATCH}; found but past its expiry is {@code STATE_EXPIRED} (the row is gone either way). One statement,
     * a delete that returns the row it deleted: of two concurrent consumes only one gets it.
     */
    public PendingLogin consume(String state) {
        String hash = Hashes.sha256Hex(state);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(consumeSql(connection))) {
            delete.setString(1, hash);
            PendingLogin login;
            try (ResultSet rows = delete.executeQuery()) {
                if (!rows.next()) {
                    throw OAuthFailure.of(OAuthFailure.Reason.STATE_MISMATCH, "no pending login for this state");
                }
                login = map(rows);
            }
            if (login.isExpired(clock.instant())) {
                throw OAuthFailure.of(OAuthFailure.Reason.STATE_EXPIRED, "the pending login expired at " + login.expiresAt());
            }
            return login;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the pending login", e);
        }
    }

    /** PostgreSQL's {@code DELETE … RETURNING}, or H2's data change delta table; the same columns either way. */
    private String consumeSql(Connection connection) throws SQLException {
        String sql = consumeSql;
        if (sql == null) {
            String delete = "DELETE FROM oauth_pending_login WHERE state_hash = ?";
            sql = connection.getMetaData().getDatabaseProductName().equals("H2")
                    ? "SELECT " + COLUMNS + " FROM OLD TABLE (" + delete + ")"
                    : delete + " RETURNING " + COLUMNS;
            consumeSql = sql;
        }
        return sql;
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

    private static int count(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                count.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Keeps the {@code keep} newest pending logins matching {@code where} and deletes the rest (expired or not). */
    private static int keepNewest(Connection connection, String where, int keep, Object... params) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM oauth_pending_login WHERE state_hash IN "
                + "(SELECT state_hash FROM oauth_pending_login " + where + " ORDER BY created_at DESC, state_hash DESC OFFSET ? ROWS)")) {
            for (int i = 0; i < params.length; i++) {
                delete.setObject(i + 1, params[i]);
            }
            delete.setInt(params.length + 1, keep);
            return delete.executeUpdate();
        }
    }

    private static PendingLogin map(ResultSet rows) throws SQLException {
        return new PendingLogin(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5),
                rows.getString(6), LoginFlow.valueOf(rows.getString(7)), rows.getString(8), rows.getString(9), fromDb(rows, 10),
                fromDb(rows, 11));
    }

    private static OffsetDateTime toDb(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant fromDb(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value.toInstant();
    }
}
