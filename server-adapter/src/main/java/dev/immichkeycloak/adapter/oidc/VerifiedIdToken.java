package dev.immichkeycloak.adapter.oidc;

import java.util.Map;

/**
 * An ID token that passed {@link IdTokenVerifier}: the compact form (kept server-side for {@code id_token_hint}), its
 * subject, its {@code sid} (may be null) and all its claims as JSON values.
 */
public record VerifiedIdToken(String raw, String subject, String sessionId, Map<String, Object> claims) {

    @Override
    public String toString() {
        // Never print the token itself.
        return "VerifiedIdToken[subject=" + subject + ", sid=" + sessionId + "]";
    }
}
