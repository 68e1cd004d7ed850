package dev.immichkeycloak.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.testing.AdminRequestException;
import dev.immichkeycloak.testing.KeycloakExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.LoginFailedException;
import dev.immichkeycloak.testing.LoginResult;
import dev.immichkeycloak.testing.NewUser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bundled realm as a real Keycloak imports it: placeholders with their defaults, the client and its mapper, Keycloak's own
 * client scopes, the user profile. Runs on every supported Keycloak version (see the failsafe executions in the pom).
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealmImportIT {

    private static final String DEV_SECRET = "immich-dev-secret-change-me";
    private static final String REDIRECT_URI = "http://localhost:2283/auth/login";

    private final KeycloakServer keycloak;

    RealmImportIT(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    @BeforeAll
    void cheap_password_hashing() {
        keycloak.admin().useCheapPasswordHashing();
    }

    @Test
    void discovery_names_the_stable_localhost_issuer() throws Exception {
        HttpResponse<String> response = keycloak.http().send(HttpRequest.newBuilder(keycloak.discoveryUrl()).build(),
                HttpResponse.BodyHandlers.ofString());

        JsonNode discovery = new ObjectMapper().readTree(response.body());
        assertThat(discovery.get("issuer").asText()).isEqualTo(keycloak.issuer()).startsWith("http://localhost:").endsWith("/realms/immich");
        assertThat(discovery.get("code_challenge_methods_supported").toString()).contains("S256");
    }

    @Test
    void client_placeholders_fall_back_to_the_documented_development_defaults() {
        ObjectNode client = keycloak.admin().client("immich");

        assertThat(texts(client.get("redirectUris"))).containsExactlyInAnyOrder(
                "http://localhost:2283/auth/login",
                "http://localhost:2283/user-settings",
                "http://localhost:2283/api/oauth/mobile-redirect",
                "app.immich:///oauth-callback");
        JsonNode attributes = client.get("attributes");
        assertThat(attributes.get("post.logout.redirect.uris").asText()).isEqualTo("http://localhost:2283/auth/login?autoLaunch=0");
        assertThat(attributes.get("backchannel.logout.url").asText()).isEqualTo("http://localhost:2283/api/oauth/backchannel-logout");
        assertThat(attributes.get("pkce.code.challenge.method").asText()).isEqualTo("S256");
        assertThat(keycloak.clientSecret("immich")).isEqualTo(DEV_SECRET);
    }

    @Test
    void client_has_the_standard_flow_only_the_built_in_scopes_and_the_mapper() {
        ObjectNode client = keycloak.admin().client("immich");

        assertThat(client.get("publicClient").asBoolean()).isFalse();
        assertThat(client.get("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(client.get("implicitFlowEnabled").asBoolean()).isFalse();
        assertThat(client.get("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(client.get("serviceAccountsEnabled").asBoolean()).isFalse();
        assertThat(texts(client.get("defaultClientScopes")))
                .containsExactlyInAnyOrder("basic", "profile", "email", "roles", "web-origins", "acr");
        assertThat(texts(client.get("optionalClientScopes"))).containsExactly("offline_access");
        assertThat(keycloak.admin().clientMapper("immich", "immich claims").get("protocolMapper").asText())
                .isEqualTo(ImmichClaimsMapper.PROVIDER_ID);
    }

    /**
     * The realm file declares no client scopes, so every supported Keycloak creates its own built-in ones and gives them to its
     * own clients too (a realm file that declares scopes leaves account-console without any: keycloak#10021).
     */
    @Test
    void keycloak_creates_its_built_in_client_scopes_and_gives_them_to_its_own_clients() {
        List<String> scopes = new ArrayList<>();
        keycloak.admin().get("/client-scopes").requireSuccess().json().forEach(scope -> scopes.add(scope.get("name").asText()));
        List<String> realmDefaults = new ArrayList<>();
        keycloak.admin().get("/default-default-client-scopes").requireSuccess().json()
                .forEach(scope -> realmDefaults.add(scope.get("name").asText()));

        assertThat(scopes).contains("basic", "profile", "email", "roles", "web-origins", "acr", "offline_access", "address", "phone",
                "microprofile-jwt", "organization", "service_account", "role_list", "saml_organization");
        assertThat(realmDefaults).contains("basic", "profile", "email", "roles", "web-origins", "acr");
        for (String builtIn : List.of("account-console", "security-admin-console", "admin-cli")) {
            assertThat(texts(keycloak.admin().client(builtIn).get("defaultClientScopes"))).as("default client scopes of %s", builtIn)
                    .contains("basic", "profile", "email", "roles", "web-origins", "acr");
        }
    }

    @Test
    void the_import_logs_no_missing_client_scope() throws Exception {
        String log = keycloak.log();

        // Both of Keycloak's warnings start so: "Referenced client scope 'basic' doesn't exist[. Ignoring]".
        assertThat(log).contains("immich").doesNotContain("Referenced client scope");
    }

    @Test
    void the_server_is_the_keycloak_version_under_test() {
        assertThat(keycloak.admin().serverInfo().at("/systemInfo/version").asText()).isEqualTo(keycloak.version());
    }

    @Test
    void authorization_request_without_pkce_is_refused() throws Exception {
        String url = keycloak.issuer() + "/protocol/openid-connect/auth?response_type=code&scope=openid&client_id=immich"
                + "&state=s&nonce=n&redirect_uri=" + java.net.URLEncoder.encode(REDIRECT_URI, java.nio.charset.StandardCharsets.UTF_8);

        HttpResponse<String> response = keycloak.http().send(HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow())
                .startsWith(REDIRECT_URI).contains("error=invalid_request").contains("code_challenge");
    }

    @Test
    void quota_is_a_managed_attribute_that_only_admins_view_and_edit() {
        JsonNode profile = keycloak.admin().get("/users/profile").requireSuccess().json();

        JsonNode quota = null;
        for (JsonNode attribute : profile.get("attributes")) {
            if ("immich_quota".equals(attribute.get("name").asText())) {
                quota = attribute;
            }
        }
        assertThat(quota).as("immich_quota in the user profile").isNotNull();
        assertThat(texts(quota.at("/permissions/view"))).containsExactly("admin");
        assertThat(texts(quota.at("/permissions/edit"))).containsExactly("admin");
    }

    @Test
    void admin_group_and_realm_role_exist() {
        assertThat(keycloak.admin().groupId("/immich-admins")).isNotBlank();
        assertThat(keycloak.admin().clientMapper("immich", "immich claims").at("/config/role.admin.group").asText())
                .isEqualTo("/immich-admins");
        assertThat(keycloak.admin().get("/roles/immich-admin").status()).isEqualTo(200);
    }

    @Test
    void brute_force_detection_is_on_with_temporary_lockouts() {
        JsonNode realm = keycloak.admin().realmRepresentation();

        assertThat(realm.get("bruteForceProtected").asBoolean()).isTrue();
        assertThat(realm.get("permanentLockout").asBoolean()).isFalse();
        assertThat(realm.get("failureFactor").asInt()).isEqualTo(10);
        assertThat(realm.get("waitIncrementSeconds").asInt()).isEqualTo(60);
        assertThat(realm.get("maxFailureWaitSeconds").asInt()).isEqualTo(900);
        assertThat(realm.get("maxDeltaTimeSeconds").asInt()).isEqualTo(43200);
        assertThat(realm.get("quickLoginCheckMilliSeconds").asLong()).isEqualTo(1000);
        assertThat(realm.get("minimumQuickLoginWaitSeconds").asInt()).isEqualTo(60);
    }

    @Test
    void repeated_wrong_passwords_lock_the_user_out_for_a_while() throws Exception {
        String username = "locked-" + UUID.randomUUID().toString().substring(0, 8);
        String id = keycloak.admin().createUser(NewUser.named(username).withPassword("right-password"));

        // failureFactor 10: ten failures lock the user whatever their pace (quick ones already do after the second).
        for (int attempt = 0; attempt < 10; attempt++) {
            assertThatThrownBy(() -> keycloak.login("immich", DEV_SECRET, REDIRECT_URI, username, "wrong-password"))
                    .isInstanceOf(LoginFailedException.class);
        }
        JsonNode status = bruteForceStatus(id);
        for (int poll = 0; poll < 50 && !status.path("disabled").asBoolean(); poll++) {
            Thread.sleep(100);
            status = bruteForceStatus(id);
        }
        assertThat(status.path("disabled").asBoolean()).as("locked after ten failures: %s", status).isTrue();
        assertThatThrownBy(() -> keycloak.login("immich", DEV_SECRET, REDIRECT_URI, username, "right-password"))
                .as("the right password during the lockout").isInstanceOf(LoginFailedException.class);

        keycloak.admin().delete("/attack-detection/brute-force/users/" + id).requireSuccess();
        assertThat(keycloak.login("immich", DEV_SECRET, REDIRECT_URI, username, "right-password").idTokenClaims().get("sub").asText())
                .isEqualTo(id);
    }

    @Test
    void the_password_policy_refuses_short_passwords_and_passwords_equal_to_the_username_or_email() {
        String policy = keycloak.admin().realmRepresentation().get("passwordPolicy").asText();
        assertThat(policy).contains("length(8)", "maxLength(128)", "notUsername", "notEmail");

        String shortOne = "short-" + UUID.randomUUID().toString().substring(0, 8);
        String sameAsName = "samename-" + UUID.randomUUID().toString().substring(0, 8);
        NewUser withShortPassword = NewUser.named(shortOne).withPassword("7-chars");
        NewUser withUsernamePassword = NewUser.named(sameAsName).withPassword(sameAsName);
        NewUser withEmailPassword = NewUser.named("mailpw-" + UUID.randomUUID().toString().substring(0, 8));

        for (NewUser refused : List.of(withShortPassword, withUsernamePassword, withEmailPassword.withPassword(withEmailPassword.email()))) {
            assertThatThrownBy(() -> keycloak.admin().createUser(refused))
                    .as("user %s with password %s", refused.username(), refused.password())
                    .isInstanceOfSatisfying(AdminRequestException.class, e -> assertThat(e.status()).isEqualTo(400));
        }
        assertThat(keycloak.admin().get("/users?exact=true&username=" + shortOne).requireSuccess().json()).isEmpty();
    }

    @Test
    void a_user_logs_in_with_the_authorization_code_flow_and_gets_a_subject() {
        String username = "realm-" + UUID.randomUUID().toString().substring(0, 8);
        String id = keycloak.admin().createUser(NewUser.named(username).withPassword("s3cret-pass"));

        LoginResult login = keycloak.login("immich", DEV_SECRET, REDIRECT_URI, username, "s3cret-pass");

        assertThat(login.idTokenClaims().get("sub").asText()).isEqualTo(id);
        assertThat(login.accessTokenClaims().get("sub").asText()).isEqualTo(id);
        assertThat(login.userInfo().get("sub").asText()).isEqualTo(id);
        assertThat(login.idTokenClaims().get("iss").asText()).isEqualTo(keycloak.issuer());
    }

    private JsonNode bruteForceStatus(String userId) {
        return keycloak.admin().get("/attack-detection/brute-force/users/" + userId).requireSuccess().json();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
