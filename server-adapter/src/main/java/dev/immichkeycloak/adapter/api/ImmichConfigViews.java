package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.adapter.config.SystemConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The config as Immich v3 clients read it: the full {@code AdminConfigDto} ({@code /api/admin/config}, and
 * {@code /api/system-config} for seed-era clients), {@code UserConfigDto} ({@code /api/config}) and {@code PublicConfigDto}
 * ({@code /api/public/config}). The sections the adapter implements ({@code oauth}, {@code passwordLogin}) carry the real
 * settings; every other section is the skeleton generated from the pinned {@code @immich/sdk} types
 * ({@code src/main/resources/immich-v3/}, see {@code src/test/immich-sdk/generate-skeletons.mjs}): false, 0, "" and the first
 * enum value, since the adapter has none of those features; a few values match what {@code /api/server/config} says.
 */
public final class ImmichConfigViews {

    static final int TRASH_DAYS = 30;
    static final int USER_DELETE_DELAY = 7;
    static final String MAP_DARK_STYLE = "https://tiles.immich.cloud/v1/style/dark.json";
    static final String MAP_LIGHT_STYLE = "https://tiles.immich.cloud/v1/style/light.json";

    private final ObjectMapper mapper;
    private final ObjectNode adminSkeleton;
    private final ObjectNode userSkeleton;
    private final String publicUrl;

    public ImmichConfigViews(ObjectMapper mapper, String publicUrl) {
        this.mapper = mapper;
        this.publicUrl = publicUrl == null ? "" : publicUrl;
        this.adminSkeleton = resource(mapper, "admin-config.json");
        this.userSkeleton = resource(mapper, "user-config.json");
    }

    /** {@code AdminConfigDto}; the client secret is in it (admins only). */
    public ObjectNode admin(SystemConfig config) {
        ObjectNode body = adminSkeleton.deepCopy();
        ObjectNode settings = mapper.valueToTree(config);
        settings.fields().forEachRemaining(section -> {
            // The adapter's settings in their own order, then anything the skeleton has beyond them.
            ObjectNode merged = ((ObjectNode) section.getValue()).deepCopy();
            object(body, section.getKey()).fields().forEachRemaining(field -> {
                if (!merged.has(field.getKey())) {
                    merged.set(field.getKey(), field.getValue());
                }
            });
            body.set(section.getKey(), merged);
        });
        return withFixedValues(body);
    }

    /** {@code UserConfigDto}: what a signed-in user may know of the config. */
    public ObjectNode user(SystemConfig config) {
        ObjectNode body = userSkeleton.deepCopy();
        object(body, "oauth").put("autoLaunch", config.oauth().autoLaunch()).put("buttonText", config.oauth().buttonText())
                .put("enabled", config.oauth().enabled());
        object(body, "passwordLogin").put("enabled", config.passwordLogin().enabled());
        object(body, "server").put("loginPageMessage", "");
        return withFixedValues(body);
    }

    /** The values both config views give where the skeleton's zero would mislead a client (the same as {@code /api/server/config}). */
    private ObjectNode withFixedValues(ObjectNode body) {
        object(body, "server").put("externalDomain", publicUrl).put("publicUsers", true);
        object(body, "trash").put("days", TRASH_DAYS);
        object(body, "user").put("deleteDelay", USER_DELETE_DELAY);
        object(body, "map").put("darkStyle", MAP_DARK_STYLE).put("lightStyle", MAP_LIGHT_STYLE);
        return body;
    }

    /** {@code PublicConfigDto}: what the login page needs before anyone signs in. */
    public ObjectNode publicConfig(SystemConfig config) {
        ObjectNode body = mapper.createObjectNode();
        body.putObject("oauth").put("autoLaunch", config.oauth().autoLaunch()).put("buttonText", config.oauth().buttonText())
                .put("enabled", config.oauth().enabled());
        body.putObject("passwordLogin").put("enabled", config.passwordLogin().enabled());
        body.putObject("server").put("loginPageMessage", "");
        body.putObject("theme").put("customCss", "");
        return body;
    }

    private static ObjectNode object(ObjectNode body, String section) {
        JsonNode node = body.get(section);
        return node instanceof ObjectNode object ? object : body.putObject(section);
    }

    /** A JSON object from {@code src/main/resources/immich-v3/} (generated from the pinned SDK's types). */
    static ObjectNode resource(ObjectMapper mapper, String name) {
        try (InputStream in = ImmichConfigViews.class.getResourceAsStream("/immich-v3/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource /immich-v3/" + name + " is missing from the build");
            }
            return (ObjectNode) mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
