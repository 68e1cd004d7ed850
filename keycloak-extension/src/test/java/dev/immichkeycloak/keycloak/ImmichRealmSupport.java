package dev.immichkeycloak.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.LoginResult;
import dev.immichkeycloak.testing.NewUser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the integration tests share: unique names, logins through the realm's {@code immich} client, throw-away clients with the mapper. */
final class ImmichRealmSupport {

    static final String CLIENT_ID = "immich";
    static final String REDIRECT_URI = "http://localhost:2283/auth/login";
    static final String MAPPER_NAME = "immich claims";
    static final String PASSWORD = "correct-horse-battery";

    private final KeycloakServer keycloak;
    private final String secret;

    ImmichRealmSupport(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        keycloak.admin().useCheapPasswordHashing();
        this.secret = keycloak.clientSecret(CLIENT_ID);
    }

    /** {@code prefix} plus 8 random hex digits: every test creates its own users, groups and clients. */
    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
    }

    /** Creates the user (password {@link #PASSWORD}) and returns its id. */
    String createUser(NewUser user) {
        return keycloak.admin().createUser(user.withPassword(PASSWORD));
    }

    /** Logs the user in through the realm's {@code immich} client (which carries the realm's mapper). */
    LoginResult login(String username) {
        return keycloak.login(CLIENT_ID, secret, REDIRECT_URI, username, PASSWORD);
    }

    /** Logs the user in through another client. */
    LoginResult login(ThrowAwayClient client, String username) {
        return keycloak.login(client.clientId(), client.secret(), REDIRECT_URI, username, PASSWORD);
    }

    /** The realm mapper's configuration (the one on the {@code immich} client) with some keys changed. */
    static Map<String, String> realmMapperConfig(KeycloakServer keycloak, Map<String, String> changes) {
        JsonNode config = keycloak.admin().clientMapper(CLIENT_ID, MAPPER_NAME).get("config");
        Map<String, String> merged = new LinkedHashMap<>();
        config.fields().forEachRemaining(entry -> merged.put(entry.getKey(), entry.getValue().asText()));
        merged.putAll(changes);
        return merged;
    }

    /**
     * A confidential client of its own, apart from the {@code immich} client, whose only custom mapper is an Immich claims mapper with
     * {@code config}: tests that change the mapper's settings do it here and leave the realm's mapper alone.
     */
    ThrowAwayClient createClientWithMapper(Map<String, String> config) {
        ObjectMapper json = new ObjectMapper();
        String clientId = unique("claims-client-");
        String clientSecret = unique("secret-");
        ObjectNode client = json.createObjectNode()
                .put("clientId", clientId)
                .put("protocol", "openid-connect")
                .put("publicClient", false)
                .put("secret", clientSecret)
                .put("standardFlowEnabled", true)
                .put("directAccessGrantsEnabled", false);
        client.set("redirectUris", json.valueToTree(List.of(REDIRECT_URI)));
        client.set("attributes", json.valueToTree(Map.of("pkce.code.challenge.method", "S256")));
        client.set("defaultClientScopes", json.valueToTree(List.of("basic", "profile", "email", "roles")));
        ObjectNode mapper = client.putArray("protocolMappers").addObject()
                .put("name", MAPPER_NAME)
                .put("protocol", "openid-connect")
                .put("protocolMapper", ImmichClaimsMapper.PROVIDER_ID);
        mapper.set("config", json.valueToTree(config));
        String id = keycloak.admin().createClient(client);
        return new ThrowAwayClient(id, clientId, clientSecret);
    }

    /** The internal id, client id and secret of a client made by {@link #createClientWithMapper}. */
    record ThrowAwayClient(String id, String clientId, String secret) {

        String mapperPath(KeycloakServer keycloak) {
            for (JsonNode mapper : keycloak.admin().get("/clients/" + id + "/protocol-mappers/models").requireSuccess().json()) {
                if (MAPPER_NAME.equals(mapper.get("name").asText())) {
                    return "/clients/" + id + "/protocol-mappers/models/" + mapper.get("id").asText();
                }
            }
            throw new IllegalStateException("No mapper on client " + clientId);
        }
    }
}
