package dev.immichkeycloak.adapter;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.adapter.support.TestApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing a user stored is lost when the adapter stops and starts again on the same H2 file. */
class PersistenceTest {

    @TempDir
    Path dataDir;

    @Test
    void users_sessions_and_config_survive_a_restart() {
        String adminToken;
        String userToken;
        try (TestApp app = TestApp.start(dataDir)) {
            adminToken = app.signUpAdminAndLogin();
            userToken = app.createUserAndLogin(adminToken, "user@example.com", "user-password");
            ObjectNode config = (ObjectNode) app.get("/api/system-config", bearer(adminToken)).json();
            ((ObjectNode) config.get("oauth")).put("enabled", true).put("buttonText", "Keycloak");
            app.put("/api/system-config", config.toString(), bearer(adminToken)).expectStatus(200);
        }

        try (TestApp app = TestApp.start(dataDir)) {
            assertThat(app.get("/api/users/me", bearer(userToken)).expectStatus(200).json().get("email").asText())
                    .isEqualTo("user@example.com");
            assertThat(app.get("/api/server/config").json().get("oauthButtonText").asText()).isEqualTo("Keycloak");
            assertThat(app.get("/api/server/features").json().get("oauth").asBoolean()).isTrue();
            assertThat(app.login("user@example.com", "user-password")).isNotEqualTo(userToken);
            assertThat(app.get("/api/sessions", bearer(adminToken)).expectStatus(200).json()).hasSize(1);
        }
    }
}
