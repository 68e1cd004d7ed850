package dev.immichkeycloak.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.AuthorizationResponse;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.immichkeycloak.testing.FixtureSettings;
import dev.immichkeycloak.testing.KeycloakExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.LoginResult;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * realm-export/demo-users.json imports as a partial import, each demo user logs in with the password the README documents, and the
 * users can open Keycloak's account console; the auditor reads the claims explainer.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoUsersIT {

    private static final ObjectMapper JSON = new ObjectMapper();

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

    /**
     * Keycloak's account console is its own public client with PKCE: alice logs in through the login form, and with the token the
     * console gets, the account API answers 200 with her profile. Without the realm's default roles (a partial import grants only the
     * roles a user lists) the token carries no {@code account} roles and the console shows "Forbidden".
     */
    @Test
    void alice_opens_the_account_console() throws Exception {
        String console = keycloak.issuer() + "/account/";
        CodeVerifier verifier = new CodeVerifier();
        URI authorize = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE), new ClientID("account-console"))
                .endpointURI(URI.create(keycloak.issuer() + "/protocol/openid-connect/auth"))
                .redirectionURI(URI.create(console))
                .scope(new Scope("openid"))
                .state(new State())
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
        URI callback = keycloak.browser().authorize(authorize, "alice", "alice-demo", console);
        String code = AuthorizationResponse.parse(callback).toSuccessResponse().getAuthorizationCode().getValue();
        String token = accessToken(form("grant_type", "authorization_code", "client_id", "account-console", "code", code,
                "redirect_uri", console, "code_verifier", verifier.getValue()));

        HttpResponse<String> account = keycloak.http().send(HttpRequest.newBuilder(URI.create(console))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(account.statusCode()).as(account.body()).isEqualTo(200);
        JsonNode profile = JSON.readTree(account.body());
        assertThat(profile.get("username").asText()).isEqualTo("alice");
        assertThat(profile.get("email").asText()).isEqualTo("alice@example.com");
        assertThat(profile.get("firstName").asText()).isEqualTo("Alice");
    }

    /** What demo.sh prints for the claims explainer: the auditor's token from admin-cli, then alice's explanation. */
    @Test
    void the_auditor_reads_alices_claims_explanation() throws Exception {
        String token = accessToken(form("grant_type", "password", "client_id", "admin-cli", "username", "auditor",
                "password", "auditor-demo"));
        URI explainer = URI.create(keycloak.issuer() + "/immich-claims/users/" + keycloak.admin().userId("alice"));

        HttpResponse<String> response = keycloak.http().send(HttpRequest.newBuilder(explainer)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode explanation = JSON.readTree(response.body());
        assertThat(explanation.at("/immich_quota/value").asDouble()).isEqualTo(250);
        assertThat(explanation.at("/immich_quota/source").asText()).isEqualTo("user attribute");
        assertThat(explanation.at("/immich_role/value").asText()).isEqualTo("user");
    }

    private String accessToken(String form) throws Exception {
        URI tokenEndpoint = URI.create(keycloak.issuer() + "/protocol/openid-connect/token");
        HttpResponse<String> response = keycloak.http().send(HttpRequest.newBuilder(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("access_token").asText();
    }

    private static String form(String... namesAndValues) {
        StringBuilder form = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            form.append(i == 0 ? "" : "&").append(namesAndValues[i]).append('=')
                    .append(URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return form.toString();
    }

    private LoginResult login(String username, String password) {
        return keycloak.login(ImmichRealmSupport.CLIENT_ID, secret, ImmichRealmSupport.REDIRECT_URI, username, password);
    }
}
