package dev.immichkeycloak.adapter.user;

/**
 * What it takes to create a user. {@code email} is lower-cased on insert; {@code passwordHash} is null for an
 * OAuth-only user; {@code oauthIssuer}/{@code oauthId} are both null or both set.
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
        boolean shouldChangePassword) {

    /** A local (password) user. */
    public static NewUser local(String email, String name, String passwordHash, String storageLabel, Long quotaSizeInBytes,
                                boolean isAdmin, boolean shouldChangePassword) {
        return new NewUser(email, name, passwordHash, null, null, storageLabel, quotaSizeInBytes, isAdmin, shouldChangePassword);
    }

    /** A user created from an OAuth login; as in Immich, they should change (set) a password before using one. */
    public static NewUser oauth(String email, String name, String issuer, String sub, String storageLabel, Long quotaSizeInBytes,
                                boolean isAdmin) {
        return new NewUser(email, name, null, issuer, sub, storageLabel, quotaSizeInBytes, isAdmin, true);
    }

    @Override
    public String toString() {
        return "NewUser[email=" + email + ", isAdmin=" + isAdmin + ", oauthIssuer=" + oauthIssuer + ", oauthId=" + oauthId
                + ", storageLabel=" + storageLabel + "]";
    }
}
