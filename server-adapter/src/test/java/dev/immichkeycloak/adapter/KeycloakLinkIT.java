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
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Linking a local password account to a Keycloak identity from user settings, and unlinking it, against the real Keycloak. */
@ExtendWith(KeycloakAdapterExtension.class)
class KeycloakLinkIT {

    private final KeycloakServer keycloak;
    private final KeycloakAdapterApp app;

    KeycloakLinkIT(KeycloakServer keycloak, KeycloakAdapterApp app) {
        this.keycloak = keycloak;
        this.app = app;
    }

    /** A local user created by the admin, signed in with its password in a new browser. */
    private AdapterBrowser signedInLocalUser(String email) {
        app.createLocalUser(email, "local-password");
        AdapterBrowser browser = app.browser();
        browser.postJson("/api/auth/login", Map.of("email", email, "password", "local-password")).expectStatus(201);
        return browser;
    }

    private ApiResponse link(AdapterBrowser browser, NewUser identity) {
        URI authorization = app.authorize(browser, Map.of("redirectUri", app.publicUrl() + "/user-settings"));
        URI callback = keycloak.browser().authorize(authorization, identity.username(), identity.password());
        assertThat(callback.toString()).startsWith(app.publicUrl() + "/user-settings?");
        return browser.postJson("/api/oauth/link", Map.of("url", callback.toString()));
    }

    @Test
    void a_local_user_links_from_user_settings_and_then_logs_in_through_keycloak_as_that_user() {
        String email = unique("local") + "@example.com";
        AdapterBrowser local = signedInLocalUser(email);
        String localId = local.me().get("id").asText();
        // Another email at Keycloak: the link, not an email match, must tie the two together.
        NewUser identity = NewUser.named(unique("linked"));
        String sub = keycloak.admin().createUser(identity);

        ApiResponse linked = link(local, identity);

        linked.expectStatus(200);
        assertThat(linked.json().get("id").asText()).isEqualTo(localId);
        assertThat(linked.json().get("oauthId").asText()).isEqualTo(sub);
        assertThat(linked.json().get("email").asText()).isEqualTo(email);
        ApiResponse login = app.webLogin(app.browser(), keycloak.browser(), identity.username(), identity.password());
        assertThat(login.expectStatus(201).json().get("userId").asText()).isEqualTo(localId);
        assertThat(login.json().get("userEmail").asText()).isEqualTo(email);
    }

    @Test
    void unlink_clears_the_link_so_the_identity_no_longer_reaches_the_local_user() {
        AdapterBrowser local = signedInLocalUser(unique("local") + "@example.com");
        String localId = local.me().get("id").asText();
        NewUser identity = NewUser.named(unique("unlinked"));
        keycloak.admin().createUser(identity);
        link(local, identity).expectStatus(200);

        ApiResponse unlinked = local.postJson("/api/oauth/unlink", Map.of());

        unlinked.expectStatus(200);
        assertThat(unlinked.json().get("oauthId").asText()).isEmpty();
        assertThat(local.me().get("oauthId").asText()).isEmpty();
        JsonNode login = app.webLogin(app.browser(), keycloak.browser(), identity.username(), identity.password())
                .expectStatus(201).json();
        assertThat(login.get("userId").asText()).isNotEqualTo(localId);
        assertThat(login.get("userEmail").asText()).isEqualTo(identity.email());
    }

    @Test
    void an_identity_already_linked_to_another_user_is_refused() {
        NewUser identity = NewUser.named(unique("taken"));
        keycloak.admin().createUser(identity);
        link(signedInLocalUser(unique("first") + "@example.com"), identity).expectStatus(200);

        ApiResponse second = link(signedInLocalUser(unique("second") + "@example.com"), identity);

        second.expectStatus(400);
        assertThat(second.message()).isEqualTo("This OAuth account has already been linked to another user.");
    }
}
