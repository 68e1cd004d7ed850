package dev.immichkeycloak.adapter.user;

/**
 * What it takes to create a user. {@code email} is lower-cased on insert; {@code passwordHash} is null for an
 * OAuth-only user; {@code oauthIssuer}/{@code oauthId} are both null or both set. {@code emailVerified}: the email is
 * known to be the user's (set by an admin or the sign-up, or verified by the provider); an unverified email gives way to a
 * verified login with the same address (see {@link UserProvisioner}).
 */
public record NewUser(
        String email,
        String name,
        String passwordHash,
        String oauthIssuer,
        String oauthId,
        String storageLabel,
        Long quotaSizeInBytes,
        boolean isAdmin,
        boolean shouldChangePassword,
        boolean emailVerified) {

    /** Without {@code emailVerified}: a local user's email counts as verified, an OAuth user's does not. */
    public NewUser(String email, String name, String passwordHash, String oauthIssuer, String oauthId, String storageLabel,
                   Long quotaSizeInBytes, boolean isAdmin, boolean shouldChangePassword) {
        this(email, name, passwordHash, oauthIssuer, oauthId, storageLabel, quotaSizeInBytes, isAdmin, shouldChangePassword,
                oauthIssuer == null);
    }

    /** A local (password) user. */
    public static NewUser local(String email, String name, String passwordHash, String storageLabel, Long quotaSizeInBytes,
                                boolean isAdmin, boolean shouldChangePassword) {
        return new NewUser(email, name, passwordHash, null, null, storageLabel, quotaSizeInBytes, isAdmin, shouldChangePassword, true);
    }

    /** A user created from an OAuth login; as in Immich, they should change (set) a password before using one. */
    public static NewUser oauth(String email, String name, String issuer, String sub, String storageLabel, Long quotaSizeInBytes,
                                boolean isAdmin) {
        return oauth(email, name, issuer, sub, storageLabel, quotaSizeInBytes, isAdmin, false);
    }

    /** As {@link #oauth(String, String, String, String, String, Long, boolean)}, with whether the provider verified the email. */
    public static NewUser oauth(String email, String name, String issuer, String sub, String storageLabel, Long quotaSizeInBytes,
                                boolean isAdmin, boolean emailVerified) {
        return new NewUser(email, name, null, issuer, sub, storageLabel, quotaSizeInBytes, isAdmin, true, emailVerified);
    }

    @Override
    public String toString() {
        return "NewUser[email=" + email + ", emailVerified=" + emailVerified + ", isAdmin=" + isAdmin + ", oauthIssuer=" + oauthIssuer
                + ", oauthId=" + oauthId + ", storageLabel=" + storageLabel + "]";
    }
}
