package dev.immichkeycloak.keycloak;

import static dev.immichkeycloak.keycloak.TestUsers.group;
import static dev.immichkeycloak.keycloak.TestUsers.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.GroupModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

class ClaimsExplainerResourceTest {

    private static final String USER_ID = TestUsers.USER_ID;

    private final KeycloakSession session = mock(KeycloakSession.class, RETURNS_DEEP_STUBS);
    private final RealmModel realm = mock(RealmModel.class);
    private final UserModel caller = mock(UserModel.class);
    private final RoleModel viewUsers = mock(RoleModel.class);

    @BeforeEach
    void realm_with_realm_management_client() {
        when(session.getContext().getRealm()).thenReturn(realm);
        when(realm.getName()).thenReturn("immich");
        ClientModel realmManagement = mock(ClientModel.class);
        when(realm.getClientByClientId("realm-management")).thenReturn(realmManagement);
        when(realmManagement.getRole("view-users")).thenReturn(viewUsers);
        when(realm.getClientScopesStream()).thenAnswer(call -> Stream.empty());
        when(realm.getClientsStream()).thenAnswer(call -> Stream.empty());
    }

    private ClaimsExplainerResource resource(boolean authenticated) {
        return new ClaimsExplainerResource(session, (s, r) -> authenticated ? new AuthResult(caller, null, null, null) : null);
    }

    private void userExists(TestUsers user) {
        UserModel model = user.userModel(realm);
        when(session.users().getUserById(realm, USER_ID)).thenReturn(model);
    }

    private static ClientScopeModel scope(String name, ProtocolMapperModel... mappers) {
        ClientScopeModel scope = mock(ClientScopeModel.class);
        when(scope.getName()).thenReturn(name);
        when(scope.getProtocolMappersStream()).thenAnswer(call -> Stream.of(mappers));
        return scope;
    }

    @Test
    void without_a_valid_bearer_token_the_answer_is_401() {
        Response response = resource(false).explain(USER_ID);

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeaderString("WWW-Authenticate")).isEqualTo("Bearer realm=\"immich\"");
        assertThat((String) response.getEntity()).contains("\"error\":\"unauthorized\"");
    }

    @Test
    void a_token_check_that_throws_is_treated_as_unauthenticated() {
        ClaimsExplainerResource resource = new ClaimsExplainerResource(session, (s, r) -> {
            throw new IllegalStateException("bad token");
        });

        assertThat(resource.explain(USER_ID).getStatus()).isEqualTo(401);
    }

    @Test
    void without_the_view_users_role_the_answer_is_403() {
        when(caller.hasRole(viewUsers)).thenReturn(false);
        userExists(user("alice"));

        Response response = resource(true).explain(USER_ID);

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat((String) response.getEntity()).contains("view-users").doesNotContain("alice");
    }

    @Test
    void an_unknown_user_is_404() {
        when(caller.hasRole(viewUsers)).thenReturn(true);
        when(session.users().getUserById(realm, "no-such-user")).thenReturn(null);

        assertThat(resource(true).explain("no-such-user").getStatus()).isEqualTo(404);
        assertThat(resource(true).explain("x".repeat(300)).getStatus()).isEqualTo(404);
    }

    @Test
    void with_view_users_it_explains_the_claims_with_default_settings_when_the_realm_has_no_mapper() {
        when(caller.hasRole(viewUsers)).thenReturn(true);
        GroupModel family = group("family", "immich_quota", "100");
        GroupModel admins = group("editors", group("immich-admins", null));
        userExists(user("alice").inGroup(family).inGroup(admins));

        Response response = resource(true).explain(USER_ID);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getMediaType().toString()).isEqualTo("application/json");
        assertThat(response.getHeaderString("Cache-Control")).isEqualTo("no-store");
        assertThat(response.getHeaderString(ClaimsExplainerResource.CONFIG_HEADER)).isEqualTo("defaults");
        assertThat((String) response.getEntity()).isEqualTo("{\"immich_quota\":{\"value\":100,\"source\":\"group /family\"},"
                + "\"preferred_username\":{\"value\":\"alice\",\"source\":\"username\"},"
                + "\"immich_role\":{\"value\":\"admin\",\"source\":\"group /immich-admins via /immich-admins/editors\"}}");
    }

    @Test
    void it_uses_the_mapper_settings_of_the_immich_client_scope_first() {
        when(caller.hasRole(viewUsers)).thenReturn(true);
        userExists(user("bob").attribute("immich_quota", "3"));
        ProtocolMapperModel other = ImmichClaimsMapper.create("other", Map.of(ImmichClaimsConfig.QUOTA_CLAIM_NAME, "other_quota"));
        ProtocolMapperModel immich = ImmichClaimsMapper.create("immich", Map.of(
                ImmichClaimsConfig.QUOTA_CLAIM_NAME, "quota", ImmichClaimsConfig.ROLE_CLAIM_ENABLED, "false"));
        ProtocolMapperModel unrelated = new ProtocolMapperModel();
        unrelated.setProtocolMapper("oidc-usermodel-attribute-mapper");
        ClientScopeModel aScope = scope("a-scope", other);
        ClientScopeModel immichScope = scope("immich", unrelated, immich);
        when(realm.getClientScopesStream()).thenAnswer(call -> Stream.of(aScope, immichScope));

        Response response = resource(true).explain(USER_ID);

        assertThat(response.getHeaderString(ClaimsExplainerResource.CONFIG_HEADER)).isEqualTo("client scope immich");
        assertThat((String) response.getEntity()).isEqualTo("{\"quota\":{\"value\":3,\"source\":\"user attribute\"},"
                + "\"preferred_username\":{\"value\":\"bob\",\"source\":\"username\"},"
                + "\"immich_role\":{\"emitted\":false,\"source\":\"disabled\"}}");
    }

    @Test
    void a_mapper_on_a_client_is_found_when_no_client_scope_has_one() {
        ClientModel client = mock(ClientModel.class);
        when(client.getClientId()).thenReturn("immich");
        ProtocolMapperModel mapper = ImmichClaimsMapper.create("immich", Map.of(ImmichClaimsConfig.QUOTA_DEFAULT, "7"));
        when(client.getProtocolMappersStream()).thenAnswer(call -> Stream.of(mapper));
        when(realm.getClientsStream()).thenAnswer(call -> Stream.of(client));
        when(realm.getClientScopesStream()).thenAnswer(call -> Stream.of(scope("profile")));

        assertThat(MapperConfigLocator.locate(realm)).hasValueSatisfying(located -> {
            assertThat(located.where()).isEqualTo("client immich");
            assertThat(located.mapper().getConfig()).containsEntry(ImmichClaimsConfig.QUOTA_DEFAULT, "7");
        });
    }

    @Test
    void the_immich_client_comes_after_the_immich_scope_and_before_other_scopes_and_clients() {
        ClientModel throwAway = client("claims-client-1", ImmichClaimsMapper.create("x", Map.of(ImmichClaimsConfig.QUOTA_DEFAULT, "1")));
        ClientModel immich = client("immich", ImmichClaimsMapper.create("immich claims", Map.of(ImmichClaimsConfig.QUOTA_DEFAULT, "2")));
        ClientScopeModel aScope = scope("a-scope", ImmichClaimsMapper.create("y", Map.of(ImmichClaimsConfig.QUOTA_DEFAULT, "3")));
        when(realm.getClientsStream()).thenAnswer(call -> Stream.of(throwAway, immich));
        when(realm.getClientScopesStream()).thenAnswer(call -> Stream.of(aScope));

        assertThat(MapperConfigLocator.locate(realm)).hasValueSatisfying(located -> {
            assertThat(located.where()).isEqualTo("client immich");
            assertThat(located.mapper().getConfig()).containsEntry(ImmichClaimsConfig.QUOTA_DEFAULT, "2");
        });

        ClientScopeModel immichScope = scope("immich", ImmichClaimsMapper.create("z", Map.of(ImmichClaimsConfig.QUOTA_DEFAULT, "4")));
        when(realm.getClientScopesStream()).thenAnswer(call -> Stream.of(aScope, immichScope));

        assertThat(MapperConfigLocator.locate(realm))
                .hasValueSatisfying(located -> assertThat(located.where()).isEqualTo("client scope immich"));
    }

    private static ClientModel client(String clientId, ProtocolMapperModel... mappers) {
        ClientModel client = mock(ClientModel.class);
        when(client.getClientId()).thenReturn(clientId);
        when(client.getProtocolMappersStream()).thenAnswer(call -> Stream.of(mappers));
        return client;
    }

    @Test
    void the_explainer_and_the_mapper_agree_for_the_same_user() {
        when(caller.hasRole(viewUsers)).thenReturn(true);
        TestUsers carol = user("Carol.K").inGroup(group("friends", "immich_quota", "unlimited")).withRealmRole("immich-admin");
        userExists(carol);

        String json = (String) resource(true).explain(USER_ID).getEntity();

        assertThat(json).isEqualTo("{\"immich_quota\":{\"value\":null,\"source\":\"group /friends\"},"
                + "\"preferred_username\":{\"value\":\"carolk\",\"source\":\"username\"},"
                + "\"immich_role\":{\"value\":\"admin\",\"source\":\"realm role immich-admin\"}}");
        assertThat(List.of(ClaimsExplainerProviderFactory.PROVIDER_ID)).containsExactly("immich-claims");
    }
}
