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

    /** {@code VersionCheckStateResponseDto} of a server that never looks for releases. */
    private record VersionCheck(String checkedAt, String releaseVersion) {
    }

    private static final VersionCheck NEVER_CHECKED = new VersionCheck(null, null);

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
                // The adapter does not look for new releases: never checked.
                .get("/api/server/version-check", "getVersionCheck", ctx -> {
                    authenticator.requireUser(ctx);
                    ctx.json(NEVER_CHECKED);
                })
                .get("/api/server/version-history", "getVersionHistory", ctx -> {
                    authenticator.requireUser(ctx);
                    ctx.json(List.of());
                })
                .get("/api/server/about", "getAboutInfo", this::getAboutInfo)
                .get("/api/server/storage", "getStorage", this::getStorage)
                .get("/api/server/statistics", "getServerStatistics", this::getServerStatistics)
                .get("/api/server/apk-links", "getApkLinks", this::getApkLinks)
                // No product keys here: as Immich without one, reading is a 404, setting one is refused, deleting is a no-op.
                .get("/api/server/license", "getServerLicense", ctx -> {
                    authenticator.requireAdmin(ctx);
                    throw new ApiException(404, "License not found");
                })
                .put("/api/server/license", "setServerLicense", ctx -> {
                    authenticator.requireAdmin(ctx);
                    throw ApiException.badRequest("Invalid license key");
                })
                .delete("/api/server/license", "deleteServerLicense", ctx -> {
                    authenticator.requireAdmin(ctx);
                    ctx.status(204);
                });
    }

    private static String immichVersion() {
        return "v" + IMMICH_API_VERSION[0] + "." + IMMICH_API_VERSION[1] + "." + IMMICH_API_VERSION[2];
    }

    /** Only the required fields: the adapter has no Immich build, ExifTool, FFmpeg and so on to name. */
    void getAboutInfo(Context ctx) {
        authenticator.requireUser(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", immichVersion());
        body.put("versionUrl", "https://github.com/immich-app/immich/releases/tag/" + immichVersion());
        body.put("licensed", false);
        ctx.json(body);
    }

    /** No media library, so no library disk: all zero. */
    void getStorage(Context ctx) {
        authenticator.requireUser(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("diskAvailable", "0 B");
        body.put("diskAvailableRaw", 0);
        body.put("diskSize", "0 B");
        body.put("diskSizeRaw", 0);
        body.put("diskUsagePercentage", 0);
        body.put("diskUse", "0 B");
        body.put("diskUseRaw", 0);
        ctx.json(body);
    }

    /** Every user with no photos and no usage (there are no assets here). */
    void getServerStatistics(Context ctx) {
        authenticator.requireAdmin(ctx);
        List<Map<String, Object>> byUser = users.findAll().stream().map(user -> {
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("userId", user.id());
            usage.put("userName", user.name());
            usage.put("photos", 0);
            usage.put("videos", 0);
            usage.put("usage", 0);
            usage.put("usagePhotos", 0);
            usage.put("usageVideos", 0);
            usage.put("quotaSizeInBytes", user.quotaSizeInBytes());
            return usage;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("photos", 0);
        body.put("videos", 0);
        body.put("usage", 0);
        body.put("usagePhotos", 0);
        body.put("usageVideos", 0);
        body.put("usageByUser", byUser);
        ctx.json(body);
    }

    /** The Android app's downloads of the Immich release the adapter follows. */
    void getApkLinks(Context ctx) {
        authenticator.requireUser(ctx);
        String base = "https://github.com/immich-app/immich/releases/download/" + immichVersion() + "/";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("arm64v8a", base + "app-arm64-v8a-release.apk");
        body.put("armeabiv7a", base + "app-armeabi-v7a-release.apk");
        body.put("universal", base + "app-release.apk");
        body.put("x86_64", base + "app-x86_64-release.apk");
        ctx.json(body);
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
