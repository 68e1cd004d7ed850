package dev.immichkeycloak.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.provider.ProviderConfigProperty;

/** What the admin console and the server info endpoint show about the mapper. */
class ImmichClaimsMapperMetadataTest {

    private final ImmichClaimsMapper mapper = new ImmichClaimsMapper();

    @Test
    void identifies_itself_as_the_immich_claims_token_mapper() {
        assertThat(mapper.getId()).isEqualTo("oidc-immich-claims-mapper");
        assertThat(mapper.getDisplayType()).isEqualTo("Immich claims");
        assertThat(mapper.getDisplayCategory()).isEqualTo(AbstractOIDCProtocolMapper.TOKEN_MAPPER_CATEGORY);
        assertThat(mapper.getProtocol()).isEqualTo("openid-connect");
        assertThat(mapper.getHelpText()).isNotBlank().endsWith(".").doesNotContain("\n");
    }

    @Test
    void every_property_has_a_label_and_help_text() {
        List<ProviderConfigProperty> properties = mapper.getConfigProperties();

        assertThat(properties).isNotEmpty().allSatisfy(property -> {
            assertThat(property.getName()).isNotBlank();
            assertThat(property.getLabel()).as("label of %s", property.getName()).isNotBlank();
            assertThat(property.getHelpText()).as("help text of %s", property.getName()).isNotBlank();
            assertThat(property.getType()).as("type of %s", property.getName()).isNotBlank();
        });
    }

    @Test
    void declares_every_config_key_and_the_standard_token_switches_defaulting_to_on() {
        Map<String, Object> defaults = mapper.getConfigProperties().stream()
                .collect(java.util.stream.Collectors.toMap(ProviderConfigProperty::getName, p -> String.valueOf(p.getDefaultValue())));

        assertThat(defaults).containsEntry(ImmichClaimsConfig.QUOTA_CLAIM_ENABLED, "true")
                .containsEntry(ImmichClaimsConfig.QUOTA_CLAIM_NAME, "immich_quota")
                .containsEntry(ImmichClaimsConfig.QUOTA_ATTRIBUTE, "immich_quota")
                .containsEntry(ImmichClaimsConfig.QUOTA_POLICY, "max")
                .containsEntry(ImmichClaimsConfig.QUOTA_DEFAULT, "")
                .containsEntry(ImmichClaimsConfig.LABEL_CLAIM_ENABLED, "true")
                .containsEntry(ImmichClaimsConfig.LABEL_CLAIM_NAME, "preferred_username")
                .containsEntry(ImmichClaimsConfig.LABEL_ATTRIBUTE, "")
                .containsEntry(ImmichClaimsConfig.ROLE_CLAIM_ENABLED, "true")
                .containsEntry(ImmichClaimsConfig.ROLE_CLAIM_NAME, "immich_role")
                .containsEntry(ImmichClaimsConfig.ROLE_ADMIN_GROUP, "/immich-admins")
                .containsEntry(ImmichClaimsConfig.ROLE_ADMIN_ROLE, "immich-admin")
                .containsEntry(OIDCAttributeMapperHelper.INCLUDE_IN_ID_TOKEN, "true")
                .containsEntry(OIDCAttributeMapperHelper.INCLUDE_IN_ACCESS_TOKEN, "true")
                .containsEntry(OIDCAttributeMapperHelper.INCLUDE_IN_USERINFO, "true")
                .containsEntry(OIDCAttributeMapperHelper.INCLUDE_IN_INTROSPECTION, "true");
    }

    @Test
    void the_admin_group_help_text_asks_for_the_full_path_and_says_that_subgroups_count() {
        ProviderConfigProperty group = mapper.getConfigProperties().stream()
                .filter(p -> p.getName().equals(ImmichClaimsConfig.ROLE_ADMIN_GROUP)).findFirst().orElseThrow();

        assertThat(group.getDefaultValue()).isEqualTo("/immich-admins");
        assertThat(group.getHelpText()).startsWith("Full path, e.g. /immich-admins; members of its subgroups count too.")
                .contains("same name elsewhere");
    }

    @Test
    void the_policy_is_offered_as_a_list_of_max_and_min() {
        ProviderConfigProperty policy = mapper.getConfigProperties().stream()
                .filter(p -> p.getName().equals(ImmichClaimsConfig.QUOTA_POLICY)).findFirst().orElseThrow();

        assertThat(policy.getType()).isEqualTo(ProviderConfigProperty.LIST_TYPE);
        assertThat(policy.getOptions()).containsExactly("max", "min");
    }

    @Test
    void the_property_list_cannot_be_changed_by_callers() {
        assertThatThrownBy(() -> mapper.getConfigProperties().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void the_mapper_is_registered_as_a_protocol_mapper_service() throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/org.keycloak.protocol.ProtocolMapper")) {
            assertThat(in).isNotNull();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()).isEqualTo(ImmichClaimsMapper.class.getName());
        }
    }
}
