package dev.immichkeycloak.keycloak;

import java.util.Optional;

/**
 * The values the mapper writes into one token, with the settings that name them: the quota (empty: no quota claim), the storage
 * label and the role (each empty when switched off). Unlike {@link ResolvedClaims}, no sources: the token does not need them.
 */
public record TokenClaims(ImmichClaimsConfig config, Optional<Quota> quota, Optional<String> label, Optional<String> role) {

    /** The values of the claims the explainer worked out, without their sources. */
    static TokenClaims of(ImmichClaimsConfig config, ResolvedClaims resolved) {
        return new TokenClaims(config,
                resolved.quota().flatMap(QuotaResolution::quota),
                resolved.label().map(Resolved::value),
                resolved.role().map(Resolved::value));
    }
}
