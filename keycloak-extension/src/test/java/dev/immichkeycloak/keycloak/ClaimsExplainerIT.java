package dev.immichkeycloak.keycloak;

import static dev.immichkeycloak.keycloak.ImmichRealmSupport.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.testing.KeycloakExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.LoginResult;
import dev.immichkeycloak.testing.NewUser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code GET /realms/immich/immich-claims/users/{id}}: agrees with the tokens, and only a bearer with view-users may ask. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaimsExplainerIT {

    private final KeycloakServer keycloak;
    private ImmichRealmSupport realm;
    private String auditorToken;
    private String plainUserToken;

    ClaimsExplainerIT(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    @BeforeAll
    void users_with_and_without_view_users() {
        realm = new ImmichRealmSupport(keycloak);
        String auditor = unique("auditor-");
        String auditorId = realm.createUser(NewUser.named(auditor));
        keycloak.admin().assignClientRole(auditorId, "realm-management", "view-users");
        auditorToken = realm.login(auditor).accessToken();
        String plain = unique("nosy-");
        realm.createUser(NewUser.named(plain));
        plainUserToken = realm.login(plain).accessToken();
    }

    @Test
    void explanation_agrees_with_the_tokens_and_names_the_sources() throws Exception {
        String group = unique("household-");
        keycloak.admin().createGroup(group, Map.of("immich_quota", List.of("75")));
        String username = unique("Explained.");
        String userId = realm.createUser(NewUser.named(username).inGroups("/" + group, "/immich-admins"));
        LoginResult login = realm.login(username);

        HttpResponse<String> response = explain(userId, auditorToken);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode explanation = new ObjectMapper().readTree(response.body());
        assertThat(explanation.at("/immich_quota/value").asDouble()).isEqualTo(login.idTokenClaims().get("immich_quota").asDouble()).isEqualTo(75);
        assertThat(explanation.at("/immich_quota/source").asText()).contains("/" + group);
        assertThat(explanation.at("/immich_role/value").asText()).isEqualTo(login.idTokenClaims().get("immich_role").asText()).isEqualTo("admin");
        assertThat(explanation.at("/immich_role/source").asText()).isEqualTo("group /immich-admins");
        assertThat(explanation.at("/preferred_username/value").asText())
                .isEqualTo(login.idTokenClaims().get("preferred_username").asText())
                .isEqualTo(username.toLowerCase().replace(".", ""));
        assertThat(explanation.at("/preferred_username/source").asText()).contains("username");
    }

    @Test
    void a_member_of_a_group_merely_named_like_the_admin_group_is_explained_as_a_user() throws Exception {
        String household = unique("home-");
        keycloak.admin().createSubGroup(keycloak.admin().createGroup(household, Map.of()), "immich-admins", Map.of());
        String username = unique("namesake-");
        String userId = realm.createUser(NewUser.named(username).inGroups("/" + household + "/immich-admins"));

        JsonNode explanation = new ObjectMapper().readTree(explain(userId, auditorToken).body());

        assertThat(explanation.at("/immich_role/value").asText()).isEqualTo("user");
        assertThat(explanation.at("/immich_role/source").asText())
                .isEqualTo("default (not in group /immich-admins or its subgroups, no realm role immich-admin)");
        assertThat(realm.login(username).idTokenClaims().get("immich_role").asText()).isEqualTo("user");
    }

    @Test
    void unlimited_quota_is_explained_as_json_null() throws Exception {
        String username = unique("unlimited-");
        String userId = realm.createUser(NewUser.named(username).withAttribute("immich_quota", "unlimited"));

        JsonNode explanation = new ObjectMapper().readTree(explain(userId, auditorToken).body());

        assertThat(explanation.at("/immich_quota/value").isNull()).isTrue();
        assertThat(realm.login(username).idTokenClaims().get("immich_quota").isNull()).isTrue();
    }

    @Test
    void without_a_bearer_token_the_answer_is_401() throws Exception {
        String userId = realm.createUser(NewUser.named(unique("anon-target-")));

        assertThat(explain(userId, null).statusCode()).isEqualTo(401);
    }

    @Test
    void a_user_without_view_users_gets_403() throws Exception {
        String userId = realm.createUser(NewUser.named(unique("target-")));

        assertThat(explain(userId, plainUserToken).statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> explain(String userId, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(keycloak.issuer() + "/immich-claims/users/" + userId));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return keycloak.http().send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
