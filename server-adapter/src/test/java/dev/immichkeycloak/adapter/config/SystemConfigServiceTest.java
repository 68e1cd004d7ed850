package dev.immichkeycloak.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.immichkeycloak.adapter.api.Json;
import dev.immichkeycloak.adapter.api.ValidationException;
import dev.immichkeycloak.adapter.db.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading, merging, validating and storing the system config, on a real H2 database. */
class SystemConfigServiceTest {

    @TempDir
    Path dataDir;

    private final ObjectMapper mapper = Json.newMapper();
    private HikariDataSource dataSource;
    private SystemConfigRepository repository;

    @BeforeEach
    void open() {
        dataSource = Database.open(AdapterSettings.defaultH2Url(dataDir), "", "");
        repository = new SystemConfigRepository(dataSource);
    }

    @AfterEach
    void close() {
        dataSource.close();
    }

    @Test
    void without_anything_stored_the_config_is_the_defaults() {
        SystemConfigService service = new SystemConfigService(repository, mapper, null);

        assertThat(service.get()).isEqualTo(SystemConfig.defaults());
        assertThat(service.isReadOnly()).isFalse();
    }

    @Test
    void only_leaves_that_differ_from_the_defaults_are_stored() throws IOException {
        SystemConfigService service = new SystemConfigService(repository, mapper, null);
        ObjectNode config = mapper.valueToTree(SystemConfig.defaults());
        ((ObjectNode) config.get("oauth")).put("enabled", true).put("clientId", "immich").put("scope", "").put("timeout", 30000)
                .putNull("defaultStorageQuota");

        service.update(config);

        assertThat(mapper.readTree(repository.findSystemConfig().orElseThrow()))
                .isEqualTo(mapper.readTree("{\"oauth\":{\"enabled\":true,\"clientId\":\"immich\"}}"));
    }

    @Test
    void stored_partial_is_merged_over_the_defaults_on_load() {
        repository.saveSystemConfig("{\"oauth\":{\"enabled\":\"true\",\"buttonText\":\"Keycloak\",\"unknownKey\":1},\"ffmpeg\":{}}");

        SystemConfig config = new SystemConfigService(repository, mapper, null).get();

        assertThat(config.oauth().enabled()).isTrue();
        assertThat(config.oauth().buttonText()).isEqualTo("Keycloak");
        assertThat(config.oauth().scope()).isEqualTo("openid email profile");
        assertThat(config.passwordLogin().enabled()).isTrue();
    }

    @Test
    void an_invalid_stored_value_falls_back_to_its_default() {
        repository.saveSystemConfig("{\"oauth\":{\"timeout\":-3,\"issuerUrl\":\"::bad\",\"clientId\":\"immich\"}}");

        SystemConfig config = new SystemConfigService(repository, mapper, null).get();

        assertThat(config.oauth().timeout()).isEqualTo(30000);
        assertThat(config.oauth().issuerUrl()).isEmpty();
        assertThat(config.oauth().clientId()).isEqualTo("immich");
    }

    @Test
    void a_stored_url_setting_that_is_not_http_s_falls_back_to_its_default() {
        repository.saveSystemConfig("{\"oauth\":{\"endSessionEndpoint\":\"javascript:alert(document.domain)\","
                + "\"issuerUrl\":\"data:text/plain,x\",\"mobileRedirectUri\":\"app.immich:///oauth-callback\",\"clientId\":\"immich\"}}");

        SystemConfig config = new SystemConfigService(repository, mapper, null).get();

        assertThat(config.oauth().endSessionEndpoint()).isEmpty();
        assertThat(config.oauth().issuerUrl()).isEmpty();
        assertThat(config.oauth().mobileRedirectUri()).isEqualTo("app.immich:///oauth-callback");
        assertThat(config.oauth().clientId()).isEqualTo("immich");
    }

    @Test
    void a_config_file_with_a_url_setting_that_is_not_http_s_stops_start_up_naming_the_field() throws IOException {
        Path file = Files.writeString(dataDir.resolve("config.yml"), "oauth:\n  endSessionEndpoint: 'javascript:alert(1)'\n"
                + "  mobileRedirectUri: 'file:///etc/passwd'\n");

        assertThatThrownBy(() -> new SystemConfigService(repository, mapper, file))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("[oauth.endSessionEndpoint] endSessionEndpoint must be an http(s) URL")
                .hasMessageContaining("[oauth.mobileRedirectUri] Mobile redirect URI must be an http(s) URL or an app scheme URI");
    }

    @Test
    void a_whole_number_timeout_given_as_a_decimal_is_accepted_but_a_fraction_is_not() {
        SystemConfigService service = new SystemConfigService(repository, mapper, null);
        ObjectNode config = mapper.valueToTree(SystemConfig.defaults());
        ((ObjectNode) config.get("oauth")).put("timeout", 5000.0).put("defaultStorageQuota", 2.5);
        assertThat(service.update(config).oauth().timeout()).isEqualTo(5000);
        assertThat(service.get().oauth().defaultStorageQuota()).isEqualTo(2.5);

        ((ObjectNode) config.get("oauth")).put("timeout", 1.5);
        assertThatThrownBy(() -> service.update(config)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.messages()).containsExactly("[oauth.timeout] Invalid input: expected int, received number"));
    }

    @Test
    void a_put_without_the_adapter_only_setting_keeps_its_value() {
        SystemConfigService service = new SystemConfigService(repository, mapper, null);
        ObjectNode config = mapper.valueToTree(SystemConfig.defaults());
        ((ObjectNode) config.get("oauth")).put("syncClaimsOnLogin", true);
        service.update(config);

        ((ObjectNode) config.get("oauth")).remove("syncClaimsOnLogin");
        ((ObjectNode) config.get("oauth")).put("clientId", "immich");

        assertThat(service.update(config).oauth().syncClaimsOnLogin()).isTrue();
    }

    @Test
    void a_missing_section_is_reported() {
        SystemConfigService service = new SystemConfigService(repository, mapper, null);
        ObjectNode config = mapper.valueToTree(SystemConfig.defaults());
        config.remove("passwordLogin");

        assertThatThrownBy(() -> service.update(config)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.messages()).containsExactly("[passwordLogin] Invalid input: expected object, received undefined"));
    }

    @Test
    void a_config_file_with_a_bad_value_stops_start_up_with_the_reason() throws IOException {
        Path file = Files.writeString(dataDir.resolve("config.json"), "{\"oauth\":{\"issuerUrl\":\"keycloak\",\"timout\":5}}");

        assertThatThrownBy(() -> new SystemConfigService(repository, mapper, file))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("IMMICH_CONFIG_FILE " + file + " is invalid")
                .hasMessageContaining("[oauth.timout] Unrecognized key")
                .hasMessageContaining("[oauth.issuerUrl] Issuer URL must be an empty string or a valid URL");
    }

    @Test
    void a_config_file_that_is_not_json_stops_start_up() throws IOException {
        Path file = Files.writeString(dataDir.resolve("config.json"), "{\"oauth\": {");

        assertThatThrownBy(() -> new SystemConfigService(repository, mapper, file))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("cannot be parsed (line 1");
    }

    @Test
    void a_yaml_config_file_is_read_and_wins_over_the_database() throws IOException {
        repository.saveSystemConfig("{\"oauth\":{\"buttonText\":\"From database\"}}");
        Path file = Files.writeString(dataDir.resolve("config.yml"), "oauth:\n  buttonText: From file\n  autoLaunch: 'true'\n");

        SystemConfigService service = new SystemConfigService(repository, mapper, file);

        assertThat(service.isReadOnly()).isTrue();
        assertThat(service.get().oauth().buttonText()).isEqualTo("From file");
        assertThat(service.get().oauth().autoLaunch()).isTrue();
    }

    @Test
    void oauth_config_to_string_masks_the_secret() {
        OAuthConfig d = OAuthConfig.defaults();
        OAuthConfig withSecret = new OAuthConfig(true, d.issuerUrl(), "immich", "very-secret", d.scope(), d.prompt(),
                d.tokenEndpointAuthMethod(), d.timeout(), d.allowInsecureRequests(), d.signingAlgorithm(), d.profileSigningAlgorithm(),
                d.storageLabelClaim(), d.storageQuotaClaim(), d.roleClaim(), d.defaultStorageQuota(), d.buttonText(), d.autoRegister(),
                d.autoLaunch(), d.mobileOverrideEnabled(), d.mobileRedirectUri(), d.endSessionEndpoint(), d.syncClaimsOnLogin());

        assertThat(withSecret.toString()).doesNotContain("very-secret").contains("clientSecret=<set>", "clientId=immich");
        assertThat(new SystemConfig(withSecret, PasswordLoginConfig.defaults()).toString()).doesNotContain("very-secret");
        assertThat(d.toString()).contains("clientSecret=<empty>");
    }
}
