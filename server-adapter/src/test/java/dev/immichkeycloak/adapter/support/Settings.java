package dev.immichkeycloak.adapter.support;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/** Changes the system config the way the admin page does: GET the full config, change it, PUT it back. */
public final class Settings {

    private Settings() {
    }

    public static void change(TestApp app, String adminToken, Consumer<ObjectNode> change) {
        ObjectNode config = (ObjectNode) app.get("/api/system-config", bearer(adminToken)).expectStatus(200).json();
        change.accept(config);
        app.put("/api/system-config", config.toString(), bearer(adminToken)).expectStatus(200);
    }

    public static Consumer<ObjectNode> oauth(Consumer<ObjectNode> change) {
        return config -> change.accept((ObjectNode) config.get("oauth"));
    }

    public static Consumer<ObjectNode> passwordLogin(boolean enabled) {
        return config -> ((ObjectNode) config.get("passwordLogin")).put("enabled", enabled);
    }
}
