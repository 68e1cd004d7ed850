package dev.immichkeycloak.adapter.session;

import java.time.OffsetDateTime;

/**
 * A stored session. Only the SHA-256 of the token is kept. {@code oauthSid} is the provider's {@code sid} (back-channel
 * logout), {@code idToken} the ID token kept for the logout {@code id_token_hint}; both null for password sessions. {@code expiresAt} slides forward with use (the idle timeout).
 */
public record Session(
        String id,
        String tokenHash,
        String userId,
        String deviceType,
        String deviceOs,
        String appVersion,
        AuthType authType,
        String oauthSid,
        String idToken,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        OffsetDateTime expiresAt) {

    public boolean isExpired(OffsetDateTime now) {
        return !now.isBefore(expiresAt);
    }

    /** Leaves the token hash and the ID token out of logs. */
    @Override
    public String toString() {
        return "Session[id=" + id + ", userId=" + userId + ", authType=" + authType + ", oauthSid=" + oauthSid + "]";
    }
}
