package dev.immichkeycloak.adapter.api;

/**
 * The length limits of every string the API and the OAuth login accept, in one place: each is checked before anything reaches
 * the database (the columns are in {@code db/migration/V1__init.sql}), and a value over its limit is a 400 that names the
 * field, never a 500. Lengths are Java {@code String.length()} (as zod counts), so they never exceed the column's characters.
 */
public final class FieldLimits {

    /** {@code users.email VARCHAR(320)}. */
    public static final int EMAIL = 320;
    /** {@code users.name VARCHAR(255)}. */
    public static final int NAME = 255;
    /** {@code users.storage_label VARCHAR(255)}; the label rule then keeps at most 64 characters of it. */
    public static final int STORAGE_LABEL = 255;
    /** New passwords (sign-up, admin-created users): at least this many characters. Login does not apply it. */
    public static final int PASSWORD_MIN = 8;
    /** Any password, login included: bcrypt only reads 72 bytes, so longer ones are pre-hashed; this bounds the work. */
    public static final int PASSWORD_MAX = 1024;
    /** {@code users.oauth_id VARCHAR(255)}: the OIDC {@code sub}. */
    public static final int OAUTH_SUBJECT = 255;
    /** {@code sessions.oauth_sid VARCHAR(255)}: the ID token's {@code sid}. */
    public static final int OAUTH_SESSION_ID = 255;

    private FieldLimits() {
    }
}
