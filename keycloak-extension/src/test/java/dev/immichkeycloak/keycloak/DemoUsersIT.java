package dev.immichkeycloak.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.testing.FixtureSettings;
import dev.immichkeycloak.testing.KeycloakExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.LoginResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/** realm-export/demo-users.json imports as a partial import, and each demo user logs in with the password the README documents. */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoUsersIT {

    private final KeycloakServer keycloak;
    private String secret;

    DemoUsersIT(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    @BeforeAll
    void import_demo_users() {
        keycloak.admin().partialImport(FixtureSettings.fromSystemProperties().realmFile().resolveSibling("demo-users.json"));
        secret = keycloak.clientSecret(ImmichRealmSupport.CLIENT_ID);
    }

    @Test
    void alice_has_her_own_quota_over_her_group() {
        LoginResult alice = login("alice", "alice-demo");

        assertThat(alice.idTokenClaims().get("immich_quota").asDouble()).isEqualTo(250);
        assertThat(alice.idTokenClaims().get("immich_role").asText()).isEqualTo("user");
        assertThat(alice.idTokenClaims().get("email_verified").asBoolean()).isTrue();
    }

    @Test
    void bob_gets_the_larger_of_his_two_group_quotas() {
        assertThat(login("bob", "bob-demo").idTokenClaims().get("immich_quota").asDouble()).isEqualTo(100);
    }

    @Test
    void carol_is_an_admin_through_the_admin_group_with_unlimited_quota() {
        JsonNode claims = login("carol", "carol-demo").idTokenClaims();

        assertThat(claims.get("immich_role").asText()).isEqualTo("admin");
        assertThat(claims.get("immich_quota").isNull()).isTrue();
    }

    @Test
    void dave_has_no_quota_claim() {
        JsonNode claims = login("dave", "dave-demo").idTokenClaims();

        assertThat(claims.has("immich_quota")).isFalse();
        assertThat(claims.get("immich_role").asText()).isEqualTo("user");
        assertThat(claims.get("preferred_username").asText()).isEqualTo("dave");
    }

    @Test
    void erin_is_an_admin_through_the_realm_role() {
        JsonNode claims = login("erin", "erin-demo").idTokenClaims();

        assertThat(claims.get("immich_role").asText()).isEqualTo("admin");
        assertThat(claims.get("immich_quota").asDouble()).isEqualTo(50);
    }

    private LoginResult login(String username, String password) {
        return keycloak.login(ImmichRealmSupport.CLIENT_ID, secret, ImmichRealmSupport.REDIRECT_URI, username, password);
    }
}
