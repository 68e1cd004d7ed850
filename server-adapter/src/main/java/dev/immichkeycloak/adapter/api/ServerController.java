package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.config.SystemConfig;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.user.UserRepository;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The public {@code /api/server/features} and {@code /api/server/config}. Only the login-related fields come from the config;
 * {@code externalDomain} is the public URL (Immich's "domain for public links"; the login page names it when the page was opened
 * under an origin that OAuth does not accept); the rest are fixed, because the adapter has no media features.
 */
public class ServerController implements ApiRoutes {

    private final SystemConfigService config;
    private final UserRepository users;
    private final String publicUrl;

    public ServerController(SystemConfigService config, UserRepository users, String publicUrl) {
        this.config = config;
        this.users = users;
        this.publicUrl = publicUrl;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/api/server/features", "getServerFeatures", this::getServerFeatures)
                .get("/api/server/config", "getServerConfig", this::getServerConfig);
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
