package dev.immichkeycloak.adapter;

import static dev.immichkeycloak.adapter.testing.KeycloakAdapterApp.unique;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 * Issue 10: Keycloak rotates its signing key (a new RSA key of higher priority, the old one made passive) while the adapter
 * has the old JWK set cached. The next login is signed with a kid the adapter has not seen: it fetches the set again and the
 * login works, with no restart and no failed login in between.
 */
@ExtendWith(KeycloakAdapterExtension.class)
class KeycloakKeyRotationIT {

    private final KeycloakServer keycloak;
    private final KeycloakAdapterApp app;

    KeycloakKeyRotationIT(KeycloakServer keycloak, KeycloakAdapterApp app) {
        this.keycloak = keycloak;
        this.app = app;
    }

    @Test
    void the_first_login_after_keycloak_rotated_its_key_works() {
        NewUser erin = NewUser.named(unique("erin"));
        keycloak.admin().createUser(erin);
        app.loggedIn(erin.username(), erin.password()).me();

        String rotated = rotateSigningKey();

        AdapterBrowser browser = app.browser();
        app.webLogin(browser, keycloak.browser(), erin.username(), erin.password()).expectStatus(201);
        assertThat(browser.me().get("email").asText()).isEqualTo(erin.email());
        assertThat(activeRsaKeyId()).isEqualTo(rotated);
    }

    /** Adds an RSA key of a higher priority than every existing one and makes the others passive; returns the new kid. */
    private String rotateSigningKey() {
        String realmId = keycloak.admin().realmRepresentation().get("id").asText();
        for (JsonNode component : keycloak.admin().get("/components?type=org.keycloak.keys.KeyProvider").requireSuccess().json()) {
            if (component.get("providerId").asText().startsWith("rsa")) {
                ObjectNode passive = component.deepCopy();
                ((ObjectNode) passive.get("config")).putArray("active").add("false");
                keycloak.admin().put("/components/" + component.get("id").asText(), passive).requireSuccess();
            }
        }
        keycloak.admin().post("/components", Map.of("name", unique("rsa-rotated"), "providerId", "rsa-generated",
                "providerType", "org.keycloak.keys.KeyProvider", "parentId", realmId,
                "config", Map.of("priority", List.of("500"), "enabled", List.of("true"), "active", List.of("true"),
                        "keySize", List.of("2048"), "algorithm", List.of("RS256")))).requireSuccess();
        return activeRsaKeyId();
    }

    private String activeRsaKeyId() {
        for (JsonNode key : keycloak.admin().get("/keys").requireSuccess().json().get("keys")) {
            if (key.get("algorithm").asText().equals("RS256") && key.get("status").asText().equals("ACTIVE")) {
                return key.get("kid").asText();
            }
        }
        throw new AssertionError("no active RS256 key");
    }
}
