package dev.immichkeycloak.keycloak;

import static dev.immichkeycloak.keycloak.ImmichClaimsConfig.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImmichClaimsConfigTest {

    @Test
    void an_empty_config_has_the_documented_defaults() {
        ImmichClaimsConfig config = ImmichClaimsConfig.from(Map.of());

        assertThat(config).isEqualTo(new ImmichClaimsConfig(
                true, "immich_quota", "immich_quota", QuotaPolicy.MAX, java.util.Optional.empty(),
                true, "preferred_username", "",
                true, "immich_role", "/immich-admins", "immich-admin"));
        assertThat(ImmichClaimsConfig.defaults()).isEqualTo(config);
        assertThat(ImmichClaimsConfig.from(null)).isEqualTo(config);
    }

    @Test
    void the_config_keys_are_the_published_ones() {
        assertThat(java.util.List.of(QUOTA_CLAIM_ENABLED, QUOTA_CLAIM_NAME, QUOTA_ATTRIBUTE, QUOTA_POLICY, QUOTA_DEFAULT,
                LABEL_CLAIM_ENABLED, LABEL_CLAIM_NAME, LABEL_ATTRIBUTE, ROLE_CLAIM_ENABLED, ROLE_CLAIM_NAME, ROLE_ADMIN_GROUP,
                ROLE_ADMIN_ROLE)).containsExactly(
                "quota.claim.enabled", "quota.claim.name", "quota.attribute", "quota.policy", "quota.default",
                "label.claim.enabled", "label.claim.name", "label.attribute",
                "role.claim.enabled", "role.claim.name", "role.admin.group", "role.admin.role");
    }

    @Test
    void every_setting_is_read() {
        Map<String, String> map = new HashMap<>();
        map.put(QUOTA_CLAIM_ENABLED, "false");
        map.put(QUOTA_CLAIM_NAME, " quota ");
        map.put(QUOTA_ATTRIBUTE, "storage");
        map.put(QUOTA_POLICY, "MIN");
        map.put(QUOTA_DEFAULT, "50G");
        map.put(LABEL_CLAIM_ENABLED, "FALSE");
        map.put(LABEL_CLAIM_NAME, "label");
        map.put(LABEL_ATTRIBUTE, "nickname");
        map.put(ROLE_CLAIM_ENABLED, "false");
        map.put(ROLE_CLAIM_NAME, "role");
        map.put(ROLE_ADMIN_GROUP, "/staff/admins");
        map.put(ROLE_ADMIN_ROLE, "photo-admin");

        ImmichClaimsConfig config = ImmichClaimsConfig.from(map);

        assertThat(config.quotaEnabled()).isFalse();
        assertThat(config.quotaClaimName()).isEqualTo("quota");
        assertThat(config.quotaAttribute()).isEqualTo("storage");
        assertThat(config.quotaPolicy()).isEqualTo(QuotaPolicy.MIN);
        assertThat(config.defaultQuota()).hasValue(Quota.parse("50").orElseThrow());
        assertThat(config.labelEnabled()).isFalse();
        assertThat(config.labelClaimName()).isEqualTo("label");
        assertThat(config.labelAttribute()).isEqualTo("nickname");
        assertThat(config.roleEnabled()).isFalse();
        assertThat(config.roleClaimName()).isEqualTo("role");
        assertThat(config.adminGroup()).isEqualTo("/staff/admins");
        assertThat(config.adminRole()).isEqualTo("photo-admin");
    }

    @Test
    void values_that_slipped_past_validation_fall_back_safely_at_token_time() {
        ImmichClaimsConfig config = ImmichClaimsConfig.from(Map.of(
                QUOTA_POLICY, "largest",
                QUOTA_DEFAULT, "-3",
                QUOTA_CLAIM_NAME, " ",
                QUOTA_ATTRIBUTE, ""));

        assertThat(config.quotaPolicy()).isEqualTo(QuotaPolicy.MAX);
        assertThat(config.defaultQuota()).isEmpty();
        assertThat(config.quotaClaimName()).isEqualTo("immich_quota");
        assertThat(config.quotaAttribute()).isEqualTo("immich_quota");
    }

    @Test
    void blank_admin_group_and_role_turn_those_checks_off_while_absent_ones_take_defaults() {
        ImmichClaimsConfig blank = ImmichClaimsConfig.from(Map.of(ROLE_ADMIN_GROUP, "", ROLE_ADMIN_ROLE, " "));

        assertThat(blank.adminGroup()).isEmpty();
        assertThat(blank.adminRole()).isEmpty();
    }

    @Test
    void the_default_admin_group_is_the_full_path_of_the_top_level_group() {
        assertThat(DEFAULT_ADMIN_GROUP).isEqualTo("/immich-admins");
        assertThat(ImmichClaimsConfig.problems(Map.of(ROLE_ADMIN_GROUP, DEFAULT_ADMIN_GROUP))).isEmpty();
    }

    @Test
    void an_admin_group_without_the_leading_slash_is_refused_on_save_but_read_as_a_top_level_path() {
        assertThat(ImmichClaimsConfig.problems(Map.of(ROLE_ADMIN_GROUP, "immich-admins"))).containsExactly(ADMIN_GROUP_PROBLEM);
        assertThat(ImmichClaimsConfig.problems(Map.of(ROLE_ADMIN_GROUP, "staff/immich-admins"))).containsExactly(ADMIN_GROUP_PROBLEM);

        assertThat(ImmichClaimsConfig.from(Map.of(ROLE_ADMIN_GROUP, " immich-admins ")).adminGroup()).isEqualTo("/immich-admins");
    }

    @Test
    void the_admin_group_problem_explains_the_full_path_rule() {
        assertThat(ADMIN_GROUP_PROBLEM).isEqualTo("Admin group must be a full group path starting with /, such as /immich-admins "
                + "or /staff/immich-admins; members of its subgroups count too.");
    }

    @Test
    void unlimited_default_quota_is_kept() {
        assertThat(ImmichClaimsConfig.from(Map.of(QUOTA_DEFAULT, "unlimited")).defaultQuota()).hasValue(Quota.unlimited());
    }
}
