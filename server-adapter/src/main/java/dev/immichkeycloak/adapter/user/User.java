package dev.immichkeycloak.adapter.user;

import java.time.OffsetDateTime;

/**
 * A stored user. {@code oauthIssuer}/{@code oauthId} are null when the user is not linked; the identity of a linked
 * user is (issuer, sub). {@code quotaSizeInBytes} null means unlimited. {@code emailVerified}: the email is known to be the
 * user's (see {@link NewUser}).
 */
public record User(
        String id,
        String email,
        String name,
        String passwordHash,
        String oauthIssuer,
        String oauthId,
        String storageLabel,
        Long quotaSizeInBytes,
        boolean isAdmin,
        boolean shouldChangePassword,
        String avatarColor,
        String profileImagePath,
        OffsetDateTime profileChangedAt,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime deletedAt,
        boolean emailVerified) {

    public boolean hasPassword() {
        return passwordHash != null && !passwordHash.isEmpty();
    }

    public boolean isOAuthLinked() {
        return oauthId != null && !oauthId.isEmpty();
    }

    /** Leaves the password hash out, so a logged user never carries it. */
    @Override
    public String toString() {
        return "User[id=" + id + ", email=" + email + ", emailVerified=" + emailVerified + ", isAdmin=" + isAdmin + ", oauthIssuer=" + oauthIssuer
                + ", oauthId=" + oauthId + ", storageLabel=" + storageLabel + "]";
    }
}
