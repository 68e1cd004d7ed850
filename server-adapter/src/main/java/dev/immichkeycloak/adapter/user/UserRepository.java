package dev.immichkeycloak.adapter.user;

import dev.immichkeycloak.adapter.db.DataAccessException;
import dev.immichkeycloak.adapter.db.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** The SQL for users. Soft-deleted users are invisible to every lookup, as in Immich. */
public class UserRepository {

    private static final String COLUMNS = "id, email, name, password_hash, oauth_issuer, oauth_id, storage_label, "
            + "quota_size_in_bytes, is_admin, should_change_password, avatar_color, profile_image_path, profile_changed_at, "
            + "created_at, updated_at, deleted_at, email_verified";
    private static final String SELECT = "SELECT " + COLUMNS + " FROM users WHERE deleted_at IS NULL";

    private final Jdbc jdbc;
    private final Clock clock;

    public UserRepository(DataSource dataSource, Clock clock) {
        this.jdbc = new Jdbc(dataSource);
        this.clock = clock;
    }

    public Optional<User> findById(String id) {
        return jdbc.queryOne(SELECT + " AND id = ?", UserRepository::map, id);
    }

    /** Emails are stored lower-case, so the lookup lower-cases (and trims) its argument. */
    /** Every user not deleted, oldest first. */
    public List<User> findAll() {
        return jdbc.query(SELECT + " ORDER BY created_at, id", UserRepository::map);
    }

    public Optional<User> findByEmail(String email) {
        return jdbc.queryOne(SELECT + " AND email = ?", UserRepository::map, normalizeEmail(email));
    }

    public Optional<User> findByOAuth(String issuer, String sub) {
        return jdbc.queryOne(SELECT + " AND oauth_issuer = ? AND oauth_id = ?", UserRepository::map, issuer, sub);
    }

    public boolean storageLabelExists(String label) {
        return jdbc.queryLong("SELECT COUNT(*) FROM users WHERE storage_label = ?", label) > 0;
    }

    public long count() {
        return jdbc.queryLong("SELECT COUNT(*) FROM users WHERE deleted_at IS NULL");
    }

    /** Whether any admin exists: one index probe ({@code users_is_admin_idx}), however many users there are. */
    public boolean adminExists() {
        return jdbc.queryOne("SELECT 1 FROM users WHERE is_admin = TRUE AND deleted_at IS NULL FETCH FIRST 1 ROW ONLY", rs -> true)
                .isPresent();
    }

    /** Inserts a user; a taken email, storage label or (issuer, sub) link gives {@link DuplicateUserException}. */
    public User insert(NewUser user) {
        if ((user.oauthIssuer() == null) != (user.oauthId() == null)) {
            throw new IllegalArgumentException("oauthIssuer and oauthId must both be set or both be null");
        }
        String id = UUID.randomUUID().toString();
        String email = normalizeEmail(user.email());
        OffsetDateTime now = now();
        try {
            jdbc.updateRaw("INSERT INTO users (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, email, user.name(), user.passwordHash(), user.oauthIssuer(), user.oauthId(), user.storageLabel(),
                    user.quotaSizeInBytes(), user.isAdmin(), user.shouldChangePassword(), AvatarColor.forEmail(email), "",
                    now, now, now, null, user.emailVerified());
        } catch (SQLException e) {
            throw translate(e);
        }
        // The row as written: no read back (one statement less on a first login).
        return new User(id, email, user.name(), user.passwordHash(), user.oauthIssuer(), user.oauthId(), user.storageLabel(),
                user.quotaSizeInBytes(), user.isAdmin(), user.shouldChangePassword(), AvatarColor.forEmail(email), "", now, now, now, null,
                user.emailVerified());
    }

    /** Links the user to (issuer, sub); another user with that link gives {@link DuplicateUserException} (OAUTH_LINK). */
    public User linkOAuth(String userId, String issuer, String sub) {
        try {
            jdbc.updateRaw("UPDATE users SET oauth_issuer = ?, oauth_id = ?, updated_at = ? WHERE id = ?", issuer, sub, now(), userId);
        } catch (SQLException e) {
            throw translate(e);
        }
        return findById(userId).orElseThrow();
    }

    public User unlinkOAuth(String userId) {
        jdbc.update("UPDATE users SET oauth_issuer = NULL, oauth_id = NULL, updated_at = ? WHERE id = ?", now(), userId);
        return findById(userId).orElseThrow();
    }

    /** Removes every OAuth link (admin action); returns how many users were linked. */
    public int unlinkAll() {
        return jdbc.update("UPDATE users SET oauth_issuer = NULL, oauth_id = NULL, updated_at = ? WHERE oauth_id IS NOT NULL", now());
    }

    /**
     * Takes an unverified email away from {@code userId} (email squatting, see {@link UserProvisioner}): the email becomes
     * {@code <user id>@unverified.invalid}, which no login can claim ({@code .invalid} is reserved, RFC 2606). Only a user
     * whose email is still unverified is changed; returns whether one was.
     */
    public boolean moveUnverifiedEmailAside(String userId) {
        return jdbc.update("UPDATE users SET email = ?, updated_at = ? WHERE id = ? AND email_verified = FALSE",
                placeholderEmail(userId), now(), userId) > 0;
    }

    /**
     * {@code PUT /api/users/me}: null leaves a field as it is. A changed email is unverified (the provider has not vouched
     * for it), so it cannot claim an OAuth identity by email. A taken email gives {@link DuplicateUserException} (EMAIL).
     */
    public User updateNameAndEmail(String userId, String name, String email) {
        User user = findById(userId).orElseThrow();
        String newEmail = email == null ? user.email() : normalizeEmail(email);
        boolean verified = user.emailVerified() && newEmail.equals(user.email());
        try {
            jdbc.updateRaw("UPDATE users SET name = ?, email = ?, email_verified = ?, updated_at = ? WHERE id = ?",
                    name == null ? user.name() : name, newEmail, verified, now(), userId);
        } catch (SQLException e) {
            throw translate(e);
        }
        return findById(userId).orElseThrow();
    }

    /** Stores a new password hash; the user no longer has to change the password. */
    public User updatePassword(String userId, String passwordHash) {
        jdbc.update("UPDATE users SET password_hash = ?, should_change_password = FALSE, updated_at = ? WHERE id = ?",
                passwordHash, now(), userId);
        return findById(userId).orElseThrow();
    }

    /** {@code avatar.color} of a preferences update (one of {@link AvatarColor}'s, checked by the caller). */
    public User updateAvatarColor(String userId, String color) {
        jdbc.update("UPDATE users SET avatar_color = ?, updated_at = ? WHERE id = ?", color, now(), userId);
        return findById(userId).orElseThrow();
    }

    /** Records that the provider vouches for the user's current email. */
    public User markEmailVerified(String userId) {
        jdbc.update("UPDATE users SET email_verified = TRUE, updated_at = ? WHERE id = ?", now(), userId);
        return findById(userId).orElseThrow();
    }

    /** The email an account gets when its unverified email is taken by the verified owner. */
    public static String placeholderEmail(String userId) {
        return userId + "@unverified.invalid";
    }

    /** Claims sync: sets quota (null = unlimited) and admin flag. */
    public User updateQuotaAndRole(String userId, Long quotaSizeInBytes, boolean isAdmin) {
        jdbc.update("UPDATE users SET quota_size_in_bytes = ?, is_admin = ?, updated_at = ? WHERE id = ?",
                quotaSizeInBytes, isAdmin, now(), userId);
        return findById(userId).orElseThrow();
    }

    public static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    private OffsetDateTime now() {
        // Milliseconds, as JavaScript dates in Immich's responses; both databases keep microseconds.
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    private static RuntimeException translate(SQLException e) {
        if (!Jdbc.isUniqueViolation(e)) {
            return new DataAccessException("User write failed", e);
        }
        // Both databases name the violated constraint (or its index, whose name starts with it) in the message.
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("users_email_uq")) {
            return new DuplicateUserException(DuplicateUserException.Conflict.EMAIL, e);
        }
        if (message.contains("users_storage_label_uq")) {
            return new DuplicateUserException(DuplicateUserException.Conflict.STORAGE_LABEL, e);
        }
        if (message.contains("users_oauth_uq")) {
            return new DuplicateUserException(DuplicateUserException.Conflict.OAUTH_LINK, e);
        }
        return new DataAccessException("User write hit an unknown unique constraint", e);
    }

    private static User map(ResultSet rs) throws SQLException {
        long quota = rs.getLong("quota_size_in_bytes");
        Long quotaOrNull = rs.wasNull() ? null : quota;
        return new User(rs.getString("id"), rs.getString("email"), rs.getString("name"), rs.getString("password_hash"),
                rs.getString("oauth_issuer"), rs.getString("oauth_id"), rs.getString("storage_label"), quotaOrNull,
                rs.getBoolean("is_admin"), rs.getBoolean("should_change_password"), rs.getString("avatar_color"),
                rs.getString("profile_image_path"), Jdbc.timestamp(rs, "profile_changed_at"), Jdbc.timestamp(rs, "created_at"),
                Jdbc.timestamp(rs, "updated_at"), Jdbc.timestamp(rs, "deleted_at"), rs.getBoolean("email_verified"));
    }
}
