package dev.immichkeycloak.keycloak;

import static dev.immichkeycloak.keycloak.ImmichClaimsConfig.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.protocol.ProtocolMapperConfigException;

/** Saving a mapper with bad settings is refused with a message that names the setting, never the value (as HardcodedClaim does). */
class ImmichClaimsMapperValidateConfigTest {

    private final ImmichClaimsMapper mapper = new ImmichClaimsMapper();

    private static ProtocolMapperModel model(String... keyValues) {
        Map<String, String> settings = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            settings.put(keyValues[i], keyValues[i + 1]);
        }
        return ImmichClaimsMapper.create("immich claims", settings);
    }

    private ProtocolMapperConfigException rejected(ProtocolMapperModel model) {
        return (ProtocolMapperConfigException) org.assertj.core.api.Assertions.catchThrowable(
                () -> mapper.validateConfig(null, null, null, model));
    }

    @Test
    void the_defaults_are_valid() {
        assertThatCode(() -> mapper.validateConfig(null, null, null, model())).doesNotThrowAnyException();
    }

    @Test
    void a_fully_customised_valid_config_is_accepted() {
        assertThatCode(() -> mapper.validateConfig(null, null, null, model(
                QUOTA_CLAIM_NAME, "immich.quota", QUOTA_ATTRIBUTE, "storage", QUOTA_POLICY, "min", QUOTA_DEFAULT, "512MiB",
                LABEL_CLAIM_NAME, "storage_label", LABEL_ATTRIBUTE, "nickname",
                ROLE_CLAIM_NAME, "urn:immich:role", ROLE_ADMIN_GROUP, "/staff/immich-admins", ROLE_ADMIN_ROLE, "")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"largest", "maximum", "1", "<script>"})
    void a_bad_policy_is_rejected_without_echoing_it(String policy) {
        ProtocolMapperConfigException ex = rejected(model(QUOTA_POLICY, policy));

        assertThat(ex).isNotNull();
        assertThat(ex.getMessage()).contains("Quota policy must be max or min").doesNotContain(policy);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5", "NaN", "lots", "5 potatoes", "1e9", "99999T"})
    void a_bad_default_quota_is_rejected_without_echoing_it(String quota) {
        ProtocolMapperConfigException ex = rejected(model(QUOTA_DEFAULT, quota));

        assertThat(ex).isNotNull();
        assertThat(ex.getMessage()).startsWith("Default quota must be").doesNotContain(quota);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "has space", "a..b", ".a", "a.", "quota\\.x", "ünicode", "a/b"})
    void an_empty_or_invalid_claim_name_of_an_enabled_claim_is_rejected(String name) {
        ProtocolMapperConfigException ex = rejected(model(ROLE_CLAIM_NAME, name));

        assertThat(ex).isNotNull();
        assertThat(ex.getMessage()).startsWith("Role claim name");
        if (!name.isBlank()) {
            assertThat(ex.getMessage()).doesNotContain(name);
        }
    }

    @Test
    void an_overlong_claim_name_is_rejected() {
        assertThat(rejected(model(QUOTA_CLAIM_NAME, "q".repeat(101)))).isNotNull();
        assertThatCode(() -> mapper.validateConfig(null, null, null, model(QUOTA_CLAIM_NAME, "q".repeat(100))))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sub", "iss", "aud", "exp", "nonce", "sub.x"})
    void a_standard_token_claim_cannot_be_overwritten(String name) {
        ProtocolMapperConfigException ex = rejected(model(LABEL_CLAIM_NAME, name));

        assertThat(ex).isNotNull();
        assertThat(ex.getMessage()).contains("must not be a standard token claim");
    }

    @Test
    void an_invalid_claim_name_of_a_disabled_claim_is_accepted() {
        assertThatCode(() -> mapper.validateConfig(null, null, null, model(ROLE_CLAIM_ENABLED, "false", ROLE_CLAIM_NAME, "")))
                .doesNotThrowAnyException();
    }

    @Test
    void two_enabled_claims_with_the_same_name_are_rejected() {
        ProtocolMapperConfigException ex = rejected(model(QUOTA_CLAIM_NAME, "immich", ROLE_CLAIM_NAME, "immich"));

        assertThat(ex).isNotNull();
        assertThat(ex.getMessage()).contains("same claim name");
    }

    @Test
    void a_renamed_claim_that_meets_another_claims_default_name_is_rejected() {
        assertThat(rejected(model(QUOTA_CLAIM_NAME, "preferred_username"))).isNotNull();
    }

    @Test
    void the_same_name_is_fine_when_one_of_the_claims_is_off() {
        assertThatCode(() -> mapper.validateConfig(null, null, null,
                model(QUOTA_CLAIM_NAME, "immich", ROLE_CLAIM_NAME, "immich", ROLE_CLAIM_ENABLED, "false")))
                .doesNotThrowAnyException();
    }

    @Test
    void claim_names_that_nest_inside_each_other_are_rejected() {
        ProtocolMapperConfigException ex = rejected(model(QUOTA_CLAIM_NAME, "immich", ROLE_CLAIM_NAME, "immich.role"));

        assertThat(ex).isNotNull();
        assertThat(ex.getMessage()).contains("nests inside another");
    }

    @ParameterizedTest
    @ValueSource(strings = {QUOTA_CLAIM_ENABLED, LABEL_CLAIM_ENABLED, ROLE_CLAIM_ENABLED})
    void a_switch_must_be_true_or_false(String key) {
        ProtocolMapperConfigException ex = rejected(model(key, "yes"));

        assertThat(ex).isNotNull();
        assertThat(ex.getMessage()).contains("must be true or false");
    }

    @Test
    void an_empty_quota_attribute_is_rejected_while_the_quota_claim_is_on() {
        assertThat(rejected(model(QUOTA_ATTRIBUTE, " "))).isNotNull();
    }

    @Test
    void an_attribute_name_with_control_characters_is_rejected() {
        ProtocolMapperConfigException ex = rejected(model(LABEL_ATTRIBUTE, "nick\nname"));

        assertThat(ex).isNotNull();
        assertThat(ex.getMessage()).startsWith("Storage label attribute");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/staff/", "//admins", "/staff//admins"})
    void a_malformed_admin_group_path_is_rejected(String path) {
        ProtocolMapperConfigException ex = rejected(model(ROLE_ADMIN_GROUP, path));

        assertThat(ex).isNotNull();
        assertThat(ex.getMessage()).isEqualTo(ADMIN_GROUP_PROBLEM);
    }

    @ParameterizedTest
    @ValueSource(strings = {"immich-admins", "staff/immich-admins", " immich-admins"})
    void an_admin_group_given_by_name_instead_of_full_path_is_rejected(String name) {
        ProtocolMapperConfigException ex = rejected(model(ROLE_ADMIN_GROUP, name));

        assertThat(ex).isNotNull();
        assertThat(ex.getMessage()).isEqualTo("Admin group must be a full group path starting with /, such as /immich-admins "
                + "or /staff/immich-admins; members of its subgroups count too.");
        assertThat(ex.getMessageKey()).isEqualTo(ex.getMessage());
    }

    @Test
    void an_admin_group_path_is_accepted_and_so_is_an_empty_one_while_the_admin_role_is_set() {
        assertThatCode(() -> mapper.validateConfig(null, null, null, model(ROLE_ADMIN_GROUP, "/immich-admins"))).doesNotThrowAnyException();
        assertThatCode(() -> mapper.validateConfig(null, null, null, model(ROLE_ADMIN_GROUP, ""))).doesNotThrowAnyException();
    }

    @Test
    void the_role_claim_needs_an_admin_group_or_role() {
        ProtocolMapperConfigException ex = rejected(model(ROLE_ADMIN_GROUP, "", ROLE_ADMIN_ROLE, ""));

        assertThat(ex).isNotNull();
        assertThat(ex.getMessage()).contains("needs an admin group or an admin realm role");
    }

    @Test
    void the_message_survives_the_admin_api_message_formatting() {
        ProtocolMapperConfigException ex = rejected(model(QUOTA_CLAIM_NAME, "a b", ROLE_CLAIM_NAME, "sub", QUOTA_DEFAULT, "x"));

        assertThat(ex.getMessageKey()).isEqualTo(ex.getMessage());
        assertThat(MessageFormat.format(ex.getMessageKey(), ex.getParameters())).isEqualTo(ex.getMessage());
    }

    @Test
    void all_problems_are_reported_at_once() {
        assertThatThrownBy(() -> mapper.validateConfig(null, null, null, model(QUOTA_POLICY, "x", QUOTA_DEFAULT, "y")))
                .isInstanceOf(ProtocolMapperConfigException.class)
                .hasMessageContaining("Quota policy")
                .hasMessageContaining("Default quota");
        assertThat(ImmichClaimsConfig.problems(Map.of(QUOTA_POLICY, "x", QUOTA_DEFAULT, "y"))).hasSize(2);
    }
}
