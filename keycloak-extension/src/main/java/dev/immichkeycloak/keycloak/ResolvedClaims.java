package dev.immichkeycloak.keycloak;

import java.util.Optional;

/** The three claims worked out for one user; a claim that is switched off is empty. */
public record ResolvedClaims(Optional<QuotaResolution> quota, Optional<Resolved<String>> label, Optional<Resolved<String>> role) {
}
