package dev.immichkeycloak.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClaimsExplanationTest {

    private static final ImmichClaimsConfig DEFAULTS = ImmichClaimsConfig.defaults();

    private static ResolvedClaims claims(QuotaResolution quota) {
        return new ResolvedClaims(Optional.of(quota),
                Optional.of(new Resolved<>("alice", "username")),
                Optional.of(new Resolved<>("admin", "group /immich-admins via /immich-admins/editors")));
    }

    @Test
    void shows_value_and_source_of_each_claim_under_its_claim_name() {
        QuotaResolution quota = new QuotaResolution(Quota.parse("100"), "group /family", List.of());

        String json = ClaimsExplanation.toJson(DEFAULTS, claims(quota)).toString();

        assertThat(json).isEqualTo("{\"immich_quota\":{\"value\":100,\"source\":\"group /family\"},"
                + "\"preferred_username\":{\"value\":\"alice\",\"source\":\"username\"},"
                + "\"immich_role\":{\"value\":\"admin\",\"source\":\"group /immich-admins via /immich-admins/editors\"}}");
    }

    @Test
    void an_unlimited_quota_is_null_and_a_fraction_is_a_decimal() {
        QuotaResolution unlimited = new QuotaResolution(Optional.of(Quota.unlimited()), "user attribute", List.of());
        QuotaResolution half = new QuotaResolution(Quota.parse("512M"), "mapper default", List.of());

        assertThat(ClaimsExplanation.toJson(DEFAULTS, claims(unlimited)).get("immich_quota").toString())
                .isEqualTo("{\"value\":null,\"source\":\"user attribute\"}");
        assertThat(ClaimsExplanation.toJson(DEFAULTS, claims(half)).get("immich_quota").toString())
                .isEqualTo("{\"value\":0.5,\"source\":\"mapper default\"}");
    }

    @Test
    void ignored_invalid_values_are_listed() {
        QuotaResolution quota = new QuotaResolution(Quota.parse("5"), "mapper default", List.of("user attribute", "group /family"));

        assertThat(ClaimsExplanation.toJson(DEFAULTS, claims(quota)).get("immich_quota").toString())
                .isEqualTo("{\"value\":5,\"source\":\"mapper default\",\"ignored\":[\"user attribute\",\"group /family\"]}");
    }

    @Test
    void a_missing_quota_is_marked_not_emitted() {
        QuotaResolution none = new QuotaResolution(Optional.empty(), "none", List.of());

        assertThat(ClaimsExplanation.toJson(DEFAULTS, claims(none)).get("immich_quota").toString())
                .isEqualTo("{\"emitted\":false,\"source\":\"none\"}");
    }

    @Test
    void switched_off_claims_are_marked_disabled_under_their_configured_names() {
        ImmichClaimsConfig config = ImmichClaimsConfig.from(Map.of(
                ImmichClaimsConfig.QUOTA_CLAIM_ENABLED, "false",
                ImmichClaimsConfig.ROLE_CLAIM_ENABLED, "false",
                ImmichClaimsConfig.ROLE_CLAIM_NAME, "role"));
        ResolvedClaims claims = new ResolvedClaims(Optional.empty(), Optional.of(new Resolved<>("bob", "username")), Optional.empty());

        String json = ClaimsExplanation.toJson(config, claims).toString();

        assertThat(json).isEqualTo("{\"preferred_username\":{\"value\":\"bob\",\"source\":\"username\"},"
                + "\"immich_quota\":{\"emitted\":false,\"source\":\"disabled\"},"
                + "\"role\":{\"emitted\":false,\"source\":\"disabled\"}}");
    }

    @Test
    void a_disabled_claim_sharing_a_name_never_hides_an_emitted_one() {
        ImmichClaimsConfig config = ImmichClaimsConfig.from(Map.of(
                ImmichClaimsConfig.ROLE_CLAIM_ENABLED, "false",
                ImmichClaimsConfig.ROLE_CLAIM_NAME, "preferred_username"));
        ResolvedClaims claims = new ResolvedClaims(Optional.empty(), Optional.of(new Resolved<>("bob", "username")), Optional.empty());

        assertThat(ClaimsExplanation.toJson(config, claims).get("preferred_username").toString())
                .isEqualTo("{\"value\":\"bob\",\"source\":\"username\"}");
    }
}
