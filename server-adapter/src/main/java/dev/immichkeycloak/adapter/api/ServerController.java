package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.config.SystemConfig;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.user.UserRepository;
import io.javalin.http.Context;
import dev.immichkeycloak.adapter.session.Authenticator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The public {@code /api/server/features} and {@code /api/server/config}. Only the login-related fields come from the config;
 * {@code externalDomain} is the public URL (Immich's "domain for public links"; the login page names it when the page was opened
 * under an origin that OAuth does not accept); the rest are fixed, because the adapter has no media features.
 */
public class ServerController implements ApiRoutes {

    /**
     * The Immich API version the adapter follows: the pinned {@code @immich/sdk} of the contract test
     * ({@code src/test/immich-sdk/package.json}), which checks that {@code /api/server/version} says the same.
     */
    public static final int[] IMMICH_API_VERSION = {3, 2, 2};

    private final SystemConfigService config;
    private final UserRepository users;
    private final String publicUrl;
    private final Authenticator authenticator;

    public ServerController(SystemConfigService config, UserRepository users, String publicUrl, Authenticator authenticator) {
        this.config = config;
        this.users = users;
        this.publicUrl = publicUrl;
        this.authenticator = authenticator;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/api/server/features", "getServerFeatures", this::getServerFeatures)
                .get("/api/server/config", "getServerConfig", this::getServerConfig)
                .get("/api/server/ping", "pingServer", ctx -> ctx.json(Map.of("res", "pong")))
                .get("/api/server/version", "getServerVersion", this::getServerVersion)
                // No uploads here: no media type is accepted.
                .get("/api/server/media-types", "getSupportedMediaTypes",
                        ctx -> ctx.json(Map.of("image", List.of(), "sidecar", List.of(), "video", List.of())))
                .get("/api/server/version-history", "getVersionHistory", ctx -> {
                    authenticator.requireUser(ctx);
                    ctx.json(List.of());
                });
    }

    void getServerVersion(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("major", IMMICH_API_VERSION[0]);
        body.put("minor", IMMICH_API_VERSION[1]);
        body.put("patch", IMMICH_API_VERSION[2]);
        body.put("prerelease", null);
        ctx.json(body);
    }

    void getServerFeatures(Context ctx) {
        SystemConfig current = config.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("smartSearch", false);
        body.put("facialRecognition", false);
        body.put("duplicateDetection", false);
        body.put("map", false);
        body.put("reverseGeocoding", false);
        body.put("importFaces", false);
        body.put("sidecar", false);
        body.put("search", false);
        body.put("trash", false);
        body.put("oauth", current.oauth().enabled());
        body.put("oauthAutoLaunch", current.oauth().autoLaunch());
        body.put("ocr", false);
        body.put("passwordLogin", current.passwordLogin().enabled());
        body.put("configFile", config.isReadOnly());
        body.put("email", false);
        body.put("realtimeTranscoding", false);
        ctx.json(body);
    }

    void getServerConfig(Context ctx) {
        OAuthConfig oauth = config.get().oauth();
        boolean initialized = users.adminExists();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("loginPageMessage", "");
        body.put("trashDays", ImmichConfigViews.TRASH_DAYS);
        body.put("userDeleteDelay", ImmichConfigViews.USER_DELETE_DELAY);
        body.put("oauthButtonText", oauth.buttonText());
        body.put("isInitialized", initialized);
        // Onboarding (the admin's first-run wizard) is not part of the adapter: an initialized server counts as onboarded.
        body.put("isOnboarded", initialized);
        body.put("externalDomain", publicUrl);
        body.put("publicUsers", true);
        body.put("mapDarkStyleUrl", ImmichConfigViews.MAP_DARK_STYLE);
        body.put("mapLightStyleUrl", ImmichConfigViews.MAP_LIGHT_STYLE);
        body.put("maintenanceMode", false);
        // Immich v3: no facial recognition here, so no minimum of faces.
        body.put("minFaces", 0);
        // Immich v3 (optional): where the "manage account" link of the clients goes; absent without OAuth or without a URL.
        String accountManagementUrl = oauth.effectiveAccountManagementUrl();
        if (oauth.enabled() && !accountManagementUrl.isEmpty()) {
            body.put("oauthAccountManagementUrl", accountManagementUrl);
        }
        ctx.json(body);
    }
}
