package dev.immichkeycloak.keycloak;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Before a size is measured: the Immich client's tokens carry the claims the mapper has always given (the quota from the groups
 * under the max policy, the username as storage label, role {@code user}), the baseline carries neither Immich nor group claims,
 * and the built-in mapper lists every direct group. A benchmark of a mapper that emits something else would measure nothing.
 */
final class ClaimsCheck {

    private ClaimsCheck() {
    }

    static void require(BenchmarkRealm.Member member, RefreshGrant immich, RefreshGrant plain, RefreshGrant builtin) throws Exception {
        for (JsonNode claims : new JsonNode[] {immich.accessTokenClaims(), immich.idTokenClaims()}) {
            expect(claims.path("immich_quota").isIntegralNumber() && claims.path("immich_quota").asLong() == member.expectedQuota(),
                    immich, "immich_quota " + member.expectedQuota(), claims.path("immich_quota"));
            expect(member.username().equals(claims.path("preferred_username").asText(null)),
                    immich, "preferred_username " + member.username(), claims.path("preferred_username"));
            expect(RoleResolver.USER.equals(claims.path("immich_role").asText(null)),
                    immich, "immich_role user", claims.path("immich_role"));
        }
        JsonNode none = plain.accessTokenClaims();
        expect(!none.has("immich_quota") && !none.has("immich_role") && !none.has(BenchmarkRealm.GROUPS_CLAIM),
                plain, "no Immich or group claims", none);
        JsonNode groups = builtin.accessTokenClaims().path(BenchmarkRealm.GROUPS_CLAIM);
        expect(groups.isArray() && groups.size() == member.groups() && groups.get(0).asText().startsWith("/"),
                builtin, member.groups() + " full group paths", groups.size() + " entries");
    }

    private static void expect(boolean ok, RefreshGrant grant, String expected, Object actual) {
        if (!ok) {
            throw new IllegalStateException("Client " + grant.clientId() + ": expected " + expected + ", got " + actual);
        }
    }
}
