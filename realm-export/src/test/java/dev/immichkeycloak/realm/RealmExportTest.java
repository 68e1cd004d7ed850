package dev.immichkeycloak.realm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.keycloak.ImmichClaimsConfig;
import dev.immichkeycloak.keycloak.ImmichClaimsMapper;
import dev.immichkeycloak.keycloak.Quota;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ComponentExportRepresentation;
import org.keycloak.representations.idm.PartialImportRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.util.JsonSerialization;

/** The bundled realm parses as Keycloak's own representation and names the mapper and its settings exactly as the mapper declares them. */
class RealmExportTest {

    private static final Path REALM_FILE = Path.of("immich-realm.json");
    private static final Path DEMO_FILE = Path.of("demo-users.json");
    private static final String PUBLIC_URL = "${IMMICH_PUBLIC_URL:http://localhost:2283}";

    private final RealmRepresentation realm = read(REALM_FILE, RealmRepresentation.class);

    @Test
    void realm_is_named_immich() {
        assertThat(realm.getRealm()).isEqualTo("immich");
        assertThat(realm.isEnabled()).isTrue();
    }

    @Test
    void client_is_confidential_with_the_standard_flow_only() {
        ClientRepresentation client = client();

        assertThat(client.isPublicClient()).isFalse();
        assertThat(client.isStandardFlowEnabled()).isTrue();
        assertThat(client.isImplicitFlowEnabled()).isFalse();
        assertThat(client.isDirectAccessGrantsEnabled()).isFalse();
        assertThat(client.isServiceAccountsEnabled()).isFalse();
        assertThat(client.getSecret()).isEqualTo("${IMMICH_OIDC_SECRET:immich-dev-secret-change-me}");
    }

    @Test
    void client_requires_pkce_s256_and_lists_the_adapter_urls() {
        ClientRepresentation client = client();

        assertThat(client.getAttributes()).containsEntry("pkce.code.challenge.method", "S256")
                .containsEntry("post.logout.redirect.uris", PUBLIC_URL + "/auth/login?autoLaunch=0")
                .containsEntry("backchannel.logout.url", PUBLIC_URL + "/api/oauth/backchannel-logout");
        assertThat(client.getRedirectUris()).containsExactlyInAnyOrder(
                PUBLIC_URL + "/auth/login", PUBLIC_URL + "/user-settings", PUBLIC_URL + "/api/oauth/mobile-redirect",
                "app.immich:///oauth-callback");
    }

    /**
     * A realm file with any {@code clientScopes} makes Keycloak 26.4 and 26.5 skip creating the built-in scopes ({@code basic} gives
     * the {@code sub} claim); only 26.7 and later honour the realm attribute {@code CreateDefaultClientScopes}. Declaring the built-in
     * scopes instead leaves Keycloak's own clients (account-console, ...) without any (keycloak#10021). So the file declares no
     * client scope, and the client references only scopes that every supported Keycloak creates itself.
     */
    @Test
    void realm_declares_no_client_scopes_and_the_client_uses_only_built_in_ones() {
        assertThat(realm.getClientScopes()).isNull();
        assertThat(realm.getDefaultDefaultClientScopes()).isNull();
        assertThat(realm.getDefaultOptionalClientScopes()).isNull();
        assertThat(realm.getAttributes()).as("realm attributes").isNullOrEmpty();
        assertThat(client().getDefaultClientScopes()).containsExactlyInAnyOrder("basic", "profile", "email", "roles", "web-origins", "acr");
        assertThat(client().getOptionalClientScopes()).containsExactly("offline_access");
    }

    @Test
    void immich_client_carries_the_mapper() {
        ProtocolMapperRepresentation mapper = mapper();

        assertThat(mapper.getName()).isEqualTo("immich claims");
        assertThat(mapper.getProtocol()).isEqualTo("openid-connect");
        assertThat(mapper.getProtocolMapper()).isEqualTo(ImmichClaimsMapper.PROVIDER_ID);
    }

    @Test
    void every_mapper_setting_is_one_the_mapper_declares() {
        Set<String> declared = new ImmichClaimsMapper().getConfigProperties().stream()
                .map(ProviderConfigProperty::getName)
                .collect(Collectors.toSet());

        assertThat(declared).containsAll(mapper().getConfig().keySet());
        assertThat(mapper().getConfig()).containsEntry(ImmichClaimsConfig.QUOTA_POLICY, "max")
                .containsEntry(ImmichClaimsConfig.ROLE_ADMIN_GROUP, "/immich-admins")
                .containsEntry(ImmichClaimsConfig.ROLE_ADMIN_ROLE, "immich-admin")
                .containsEntry("id.token.claim", "true")
                .containsEntry("access.token.claim", "true")
                .containsEntry("userinfo.token.claim", "true");
    }

    @Test
    void mapper_settings_pass_the_mappers_own_validation() {
        assertThat(ImmichClaimsConfig.problems(mapper().getConfig())).isEmpty();
    }

    @Test
    void admin_group_and_role_match_the_mapper_settings() {
        // The mapper names its admin group by full path; the realm creates it as a top-level group.
        assertThat(realm.getGroups()).extracting(group -> "/" + group.getName())
                .contains(mapper().getConfig().get(ImmichClaimsConfig.ROLE_ADMIN_GROUP));
        assertThat(realm.getRoles().getRealm()).extracting(role -> role.getName())
                .contains(mapper().getConfig().get(ImmichClaimsConfig.ROLE_ADMIN_ROLE));
    }

    @Test
    void brute_force_detection_locks_out_temporarily_never_permanently() {
        assertThat(realm.isBruteForceProtected()).isTrue();
        assertThat(realm.isPermanentLockout()).isFalse();
        assertThat(realm.getFailureFactor()).isEqualTo(10);
        assertThat(realm.getWaitIncrementSeconds()).isEqualTo(60);
        assertThat(realm.getMaxFailureWaitSeconds()).isEqualTo(900);
        assertThat(realm.getMaxDeltaTimeSeconds()).isEqualTo(43200);
        assertThat(realm.getQuickLoginCheckMilliSeconds()).isEqualTo(1000L);
        assertThat(realm.getMinimumQuickLoginWaitSeconds()).isEqualTo(60);
    }

    @Test
    void realm_has_a_password_policy() {
        assertThat(realm.getPasswordPolicy()).isEqualTo("length(8) and maxLength(128) and notUsername and notEmail");
    }

    @Test
    void demo_passwords_meet_the_password_policy() {
        PartialImportRepresentation demo = read(DEMO_FILE, PartialImportRepresentation.class);

        assertThat(demo.getUsers()).allSatisfy(user -> {
            String password = user.getCredentials().get(0).getValue();
            assertThat(password.length()).as("length of %s's password", user.getUsername()).isBetween(8, 128);
            assertThat(password).as("%s's password", user.getUsername())
                    .isNotEqualToIgnoringCase(user.getUsername()).isNotEqualToIgnoringCase(user.getEmail());
        });
    }

    @Test
    void user_profile_makes_the_quota_attribute_admin_only() throws IOException {
        List<ComponentExportRepresentation> providers = realm.getComponents().get("org.keycloak.userprofile.UserProfileProvider");
        assertThat(providers).hasSize(1);
        String config = providers.get(0).getConfig().getFirst("kc.user.profile.config");
        JsonNode profile = new ObjectMapper().readTree(config);

        JsonNode quota = attribute(profile, mapper().getConfig().get(ImmichClaimsConfig.QUOTA_ATTRIBUTE));
        assertThat(quota.at("/permissions/view").toString()).isEqualTo("[\"admin\"]");
        assertThat(quota.at("/permissions/edit").toString()).isEqualTo("[\"admin\"]");
        for (String standard : List.of("username", "email", "firstName", "lastName")) {
            assertThat(attribute(profile, standard).at("/permissions/view").toString()).contains("admin", "user");
        }
    }

    /** Issue 12 item 7: one wording of the quota formats, from the extension's constant, in the realm and the README. */
    @Test
    void the_quota_formats_read_the_same_in_the_user_profile_and_the_readme() throws IOException {
        String config = realm.getComponents().get("org.keycloak.userprofile.UserProfileProvider").get(0).getConfig()
                .getFirst("kc.user.profile.config");
        JsonNode quota = attribute(new ObjectMapper().readTree(config), mapper().getConfig().get(ImmichClaimsConfig.QUOTA_ATTRIBUTE));

        assertThat(quota.at("/annotations/inputHelperTextBefore").asText()).containsIgnoringCase(Quota.FORMATS);
        assertThat(Files.readString(Path.of("..", "README.md"))).contains(Quota.FORMATS);
    }

    @Test
    void realm_holds_no_internal_ids_or_users() throws IOException {
        String text = Files.readString(REALM_FILE);

        assertThat(text).doesNotContainPattern("\"id\"\\s*:").doesNotContainPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-");
        assertThat(realm.getUsers()).isNull();
    }

    @Test
    void demo_users_have_complete_profiles_and_permanent_passwords() {
        PartialImportRepresentation demo = read(DEMO_FILE, PartialImportRepresentation.class);

        assertThat(demo.getIfResourceExists()).isEqualTo("SKIP");
        assertThat(demo.getGroups()).allSatisfy(group -> assertThat(group.getPath()).isEqualTo("/" + group.getName()));
        assertThat(demo.getUsers()).extracting(user -> user.getUsername())
                .containsExactly("alice", "bob", "carol", "dave", "erin", "auditor");
        assertThat(demo.getUsers()).allSatisfy(user -> {
            assertThat(user.getEmail()).isNotBlank();
            assertThat(user.getFirstName()).isNotBlank();
            assertThat(user.getLastName()).isNotBlank();
            assertThat(user.isEmailVerified()).isTrue();
            assertThat(user.getCredentials()).singleElement().satisfies(credential -> assertThat(credential.isTemporary()).isFalse());
        });
    }

    /**
     * A partial import gives a user only the realm roles it lists, not the realm's default roles: without them the account console
     * answers "Forbidden". So every demo user lists {@code default-roles-immich}, which Keycloak creates with the realm.
     */
    @Test
    void every_demo_user_has_the_realms_default_roles() {
        PartialImportRepresentation demo = read(DEMO_FILE, PartialImportRepresentation.class);

        assertThat(demo.getUsers()).allSatisfy(user ->
                assertThat(user.getRealmRoles()).as("%s's realm roles", user.getUsername()).contains("default-roles-" + realm.getRealm()));
    }

    /** The demo's claims explainer command runs as {@code auditor}, who may view users and nothing more. */
    @Test
    void the_auditor_may_view_users_and_nothing_else() {
        PartialImportRepresentation demo = read(DEMO_FILE, PartialImportRepresentation.class);

        assertThat(demo.getUsers()).filteredOn(user -> "auditor".equals(user.getUsername())).singleElement().satisfies(auditor -> {
            assertThat(auditor.getClientRoles()).containsOnly(Map.entry("realm-management", List.of("view-users")));
            assertThat(auditor.getRealmRoles()).containsExactly("default-roles-immich");
            assertThat(auditor.getGroups()).isNullOrEmpty();
        });
    }

    private ClientRepresentation client() {
        return realm.getClients().stream().filter(c -> "immich".equals(c.getClientId())).findFirst().orElseThrow();
    }

    private ProtocolMapperRepresentation mapper() {
        List<ProtocolMapperRepresentation> mappers = client().getProtocolMappers();
        assertThat(mappers).hasSize(1);
        return mappers.get(0);
    }

    private static JsonNode attribute(JsonNode profile, String name) {
        for (JsonNode attribute : profile.get("attributes")) {
            if (name.equals(attribute.get("name").asText())) {
                return attribute;
            }
        }
        throw new AssertionError("No attribute " + name + " in the user profile");
    }

    private static <T> T read(Path file, Class<T> type) {
        try (InputStream in = Files.newInputStream(file)) {
            return JsonSerialization.readValue(in, type);
        } catch (IOException e) {
            throw new AssertionError("Cannot parse " + file + ": " + e.getMessage(), e);
        }
    }
}
