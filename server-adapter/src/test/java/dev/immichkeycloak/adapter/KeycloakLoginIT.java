package dev.immichkeycloak.adapter;

import static dev.immichkeycloak.adapter.testing.KeycloakAdapterApp.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.testing.AdapterBrowser;
import dev.immichkeycloak.adapter.testing.KeycloakAdapterApp;
import dev.immichkeycloak.adapter.testing.KeycloakAdapterExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.NewUser;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Web login through the real Keycloak's login page into the adapter: the claims of the {@code oidc-immich-claims-mapper}
 * become the quota, storage label and admin flag of {@code GET /api/users/me}; claim sync on later logins; a wrong secret.
 */
@ExtendWith(KeycloakAdapterExtension.class)
class KeycloakLoginIT {

    private static final long GIB = 1L << 30;

    private final KeycloakServer keycloak;
    private final KeycloakAdapterApp app;

    KeycloakLoginIT(KeycloakServer keycloak, KeycloakAdapterApp app) {
        this.keycloak = keycloak;
        this.app = app;
    }

    private String createUser(NewUser user) {
        return keycloak.admin().createUser(user);
    }

    private JsonNode loginAndGetMe(NewUser user) {
        return app.loggedIn(user.username(), user.password()).me();
    }

    @Test
    void a_first_login_creates_the_user_with_the_quota_label_and_role_of_the_claims() {
        NewUser alice = NewUser.named(unique("alice")).withAttribute("immich_quota", "25");
        String sub = createUser(alice);

        AdapterBrowser browser = app.browser();
        ApiResponse login = app.webLogin(browser, keycloak.browser(), alice.username(), alice.password());

        login.expectStatus(201);
        assertThat(login.json().get("userEmail").asText()).isEqualTo(alice.email());
        assertThat(login.json().get("isAdmin").asBoolean()).isFalse();
        assertThat(login.json().get("accessToken").asText()).isEqualTo(browser.accessToken());
        assertThat(browser.cookies()).containsEntry("immich_auth_type", "oauth").doesNotContainKeys("immich_oauth_state",
                "immich_oauth_code_verifier");
        JsonNode me = browser.me();
        assertThat(me.get("id").asText()).isEqualTo(login.json().get("userId").asText());
        assertThat(me.get("email").asText()).isEqualTo(alice.email());
        assertThat(me.get("name").asText()).isEqualTo("Test User");
        assertThat(me.get("oauthId").asText()).isEqualTo(sub);
        assertThat(me.get("quotaSizeInBytes").asLong()).isEqualTo(25 * GIB);
        assertThat(me.get("storageLabel").asText()).isEqualTo(alice.username());
        assertThat(me.get("isAdmin").asBoolean()).isFalse();
    }

    @Test
    void the_quota_of_two_groups_is_the_larger_one() {
        String family = unique("family");
        String friends = unique("friends");
        keycloak.admin().createGroup(family, Map.of("immich_quota", List.of("100")));
        keycloak.admin().createGroup(friends, Map.of("immich_quota", List.of("512MiB")));
        NewUser bob = NewUser.named(unique("bob")).inGroups("/" + family, "/" + friends);
        createUser(bob);

        assertThat(loginAndGetMe(bob).get("quotaSizeInBytes").asLong()).isEqualTo(100 * GIB);
    }

    @Test
    void unlimited_gives_no_quota_and_a_missing_quota_gives_the_default() {
        NewUser carol = NewUser.named(unique("carol")).withAttribute("immich_quota", "unlimited");
        NewUser dan = NewUser.named(unique("dan"));
        createUser(carol);
        createUser(dan);
        app.configureOAuth(oauth -> oauth.put("defaultStorageQuota", 7));

        assertThat(loginAndGetMe(carol).get("quotaSizeInBytes").isNull()).isTrue();
        assertThat(loginAndGetMe(dan).get("quotaSizeInBytes").asLong()).isEqualTo(7 * GIB);
    }

    @Test
    void an_odd_username_becomes_a_safe_storage_label() {
        String suffix = unique("x").substring(2);
        NewUser zoe = NewUser.named("Zoë.Smith-" + suffix);
        createUser(zoe);

        JsonNode me = loginAndGetMe(zoe);

        // Keycloak lower-cases the username to zoë.smith-…; the mapper and the adapter both make it a path segment.
        assertThat(me.get("storageLabel").asText()).isEqualTo("zoesmith-" + suffix);
    }

    @Test
    void the_admin_group_and_the_admin_realm_role_make_an_admin_and_nothing_else_does() {
        NewUser byGroup = NewUser.named(unique("erin")).inGroups("/immich-admins");
        NewUser byRole = NewUser.named(unique("frank")).withRealmRoles("immich-admin");
        NewUser plain = NewUser.named(unique("gina"));
        createUser(byGroup);
        createUser(byRole);
        createUser(plain);

        assertThat(loginAndGetMe(byGroup).get("isAdmin").asBoolean()).isTrue();
        assertThat(loginAndGetMe(byRole).get("isAdmin").asBoolean()).isTrue();
        assertThat(loginAndGetMe(plain).get("isAdmin").asBoolean()).isFalse();
    }

    @Test
    void a_changed_quota_applies_on_the_next_login_only_with_sync_claims_on() {
        NewUser hank = NewUser.named(unique("hank")).withAttribute("immich_quota", "10");
        String id = createUser(hank);
        assertThat(loginAndGetMe(hank).get("quotaSizeInBytes").asLong()).isEqualTo(10 * GIB);

        keycloak.admin().setUserAttributes(id, Map.of("immich_quota", List.of("20")));
        JsonNode syncOff = loginAndGetMe(hank);
        app.configureOAuth(oauth -> oauth.put("syncClaimsOnLogin", true));
        JsonNode syncOn = loginAndGetMe(hank);

        assertThat(syncOff.get("quotaSizeInBytes").asLong()).isEqualTo(10 * GIB);
        assertThat(syncOn.get("quotaSizeInBytes").asLong()).isEqualTo(20 * GIB);
        assertThat(syncOn.get("id").asText()).isEqualTo(syncOff.get("id").asText());
    }

    @Test
    void a_wrong_client_secret_fails_the_callback_with_immichs_500_and_token_request_failed() {
        NewUser ivy = NewUser.named(unique("ivy"));
        createUser(ivy);
        app.configureOAuth(oauth -> oauth.put("clientSecret", "not-the-client-secret"));

        ApiResponse response = app.webLogin(app.browser(), keycloak.browser(), ivy.username(), ivy.password());

        response.expectStatus(500);
        assertThat(response.message()).isEqualTo("Failed to finish oauth");
        assertThat(response.json().get("reason").asText()).isEqualTo("TOKEN_REQUEST_FAILED");
        assertThat(response.body()).doesNotContain("not-the-client-secret");
    }
}
