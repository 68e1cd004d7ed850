package dev.immichkeycloak.adapter.oidc;

/** A verified back-channel logout token: whose sessions end, by {@code sid}, by {@code sub}, or both (either may be null). */
public record LogoutClaims(String issuer, String subject, String sessionId, String jwtId) {
}
