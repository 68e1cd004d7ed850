package dev.immichkeycloak.adapter.oidc;

import java.time.Instant;

/**
 * One authorization request waiting for its callback (spec README §3.3). Exactly one of {@code codeVerifier} (a pair
 * we generated) and {@code codeChallenge} (the mobile app's own S256 challenge) is set. {@code redirectUri} is the one
 * sent to the provider (after the mobile override), reused for the token request; {@code issuer} is the issuer the
 * request went to (RFC 9700 §4.4); {@code userId} is set for {@link LoginFlow#LINK} only; {@code clientKey} names the client that
 * started it (its address), so one client's flood only ever evicts its own pending logins.
 */
public record PendingLogin(
        String stateHash,
        String nonce,
        String codeVerifier,
        String codeChallenge,
        String redirectUri,
        String issuer,
        LoginFlow flow,
        String userId,
        String clientKey,
        Instant createdAt,
        Instant expiresAt) {

    public PendingLogin {
        if ((codeVerifier == null) == (codeChallenge == null)) {
            throw new IllegalArgumentException("exactly one of codeVerifier and codeChallenge must be set");
        }
        if ((flow == LoginFlow.LINK) != (userId != null)) {
            throw new IllegalArgumentException("a user id belongs to a LINK flow, and only there");
        }
    }

    public boolean serverGeneratedPkce() {
        return codeVerifier != null;
    }

    public boolean isExpired(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
