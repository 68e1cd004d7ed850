package dev.immichkeycloak.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.testing.AdminResponse;
import dev.immichkeycloak.testing.KeycloakExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.provider.ProviderConfigProperty;

/** The mapper as an admin meets it through Keycloak's admin REST API: listed with its settings, bad settings refused on save. */
@ExtendWith(KeycloakExtension.class)
class MapperAdminApiIT {

    private final KeycloakServer keycloak;

    MapperAdminApiIT(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    @Test
    void server_info_lists_the_mapper_type_with_every_config_property() {
        JsonNode mapperType = null;
        for (JsonNode type : keycloak.admin().serverInfo().at("/protocolMapperTypes/openid-connect")) {
            if (ImmichClaimsMapper.PROVIDER_ID.equals(type.path("id").asText())) {
                mapperType = type;
            }
        }

        assertThat(mapperType).as("mapper type %s in server info", ImmichClaimsMapper.PROVIDER_ID).isNotNull();
        assertThat(mapperType.get("name").asText()).isEqualTo("Immich claims");
        List<String> listed = new ArrayList<>();
        mapperType.get("properties").forEach(property -> listed.add(property.get("name").asText()));
        List<String> declared = new ImmichClaimsMapper().getConfigProperties().stream().map(ProviderConfigProperty::getName).toList();
        assertThat(listed).containsExactlyInAnyOrderElementsOf(declared)
                .contains(ImmichClaimsConfig.QUOTA_POLICY, ImmichClaimsConfig.QUOTA_DEFAULT, ImmichClaimsConfig.ROLE_ADMIN_GROUP,
                        ImmichClaimsConfig.LABEL_ATTRIBUTE, "id.token.claim", "access.token.claim", "userinfo.token.claim");
    }

    @Test
    void saving_an_unknown_quota_policy_is_refused_with_the_reason() {
        AdminResponse response = saveRealmMapperWith(ImmichClaimsConfig.QUOTA_POLICY, "median");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Quota policy must be max or min.");
        assertThat(realmMapperConfig(ImmichClaimsConfig.QUOTA_POLICY)).isEqualTo("max");
    }

    @Test
    void saving_a_malformed_default_quota_is_refused_with_the_reason() {
        AdminResponse response = saveRealmMapperWith(ImmichClaimsConfig.QUOTA_DEFAULT, "a lot");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Default quota must be");
        assertThat(realmMapperConfig(ImmichClaimsConfig.QUOTA_DEFAULT)).isEmpty();
    }

    @Test
    void saving_an_admin_group_name_instead_of_its_full_path_is_refused_with_the_reason() {
        AdminResponse response = saveRealmMapperWith(ImmichClaimsConfig.ROLE_ADMIN_GROUP, "immich-admins");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains(ImmichClaimsConfig.ADMIN_GROUP_PROBLEM);
        assertThat(realmMapperConfig(ImmichClaimsConfig.ROLE_ADMIN_GROUP)).isEqualTo("/immich-admins");
    }

    @Test
    void saving_a_valid_change_is_accepted() {
        AdminResponse response = saveRealmMapperWith(ImmichClaimsConfig.QUOTA_POLICY, "max");

        assertThat(response.status()).isEqualTo(204);
    }

    private AdminResponse saveRealmMapperWith(String key, String value) {
        return keycloak.admin().updateClientMapper(ImmichRealmSupport.CLIENT_ID, ImmichRealmSupport.MAPPER_NAME,
                mapper -> ((ObjectNode) mapper.get("config")).put(key, value));
    }

    private String realmMapperConfig(String key) {
        return keycloak.admin().clientMapper(ImmichRealmSupport.CLIENT_ID, ImmichRealmSupport.MAPPER_NAME).at("/config/" + key).asText();
    }
}
