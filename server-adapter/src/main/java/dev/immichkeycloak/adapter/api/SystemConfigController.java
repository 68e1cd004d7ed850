package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.session.Authenticator;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * The system config: {@code /api/admin/config} (Immich v3; admin only, the only place the client secret leaves the server)
 * with {@code /api/system-config} as its seed-era alias, {@code /api/config} for signed-in users and {@code /api/public/config}
 * for anyone; each with its {@code /defaults}. The shapes are {@link ImmichConfigViews}.
 */
public class SystemConfigController implements ApiRoutes {

    private static final Map<String, List<String>> NO_STORAGE_TEMPLATE_OPTIONS = Map.of("dayOptions", List.of(),
            "hourOptions", List.of(), "minuteOptions", List.of(), "monthOptions", List.of(), "presetOptions", List.of(),
            "secondOptions", List.of(), "weekOptions", List.of(), "yearOptions", List.of());

    private final SystemConfigService config;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;
    private final ImmichConfigViews views;

    public SystemConfigController(SystemConfigService config, Authenticator authenticator, ObjectMapper mapper, String publicUrl) {
        this.config = config;
        this.authenticator = authenticator;
        this.mapper = mapper;
        this.views = new ImmichConfigViews(mapper, publicUrl);
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/api/admin/config", "getAdminConfig", this::getConfig)
                .put("/api/admin/config", "updateAdminConfig", this::updateConfig)
                .get("/api/admin/config/defaults", "getAdminConfigDefaults", this::getConfigDefaults)
                .get("/api/system-config", "getConfig", this::getConfig)
                .put("/api/system-config", "updateConfig", this::updateConfig)
                .get("/api/system-config/defaults", "getConfigDefaults", this::getConfigDefaults)
                // No storage template here: no options to offer.
                .get("/api/system-config/storage-template-options", "getStorageTemplateOptions", ctx -> {
                    authenticator.requireAdmin(ctx);
                    ctx.json(NO_STORAGE_TEMPLATE_OPTIONS);
                })
                .get("/api/config", "getUserConfig", ctx -> {
                    authenticator.requireUser(ctx);
                    ctx.json(views.user(config.get()));
                })
                .get("/api/config/defaults", "getUserConfigDefaults", ctx -> {
                    authenticator.requireUser(ctx);
                    ctx.json(views.user(config.defaults()));
                })
                .get("/api/public/config", "getPublicConfig", ctx -> ctx.json(views.publicConfig(config.get())))
                .get("/api/public/config/defaults", "getPublicConfigDefaults", ctx -> ctx.json(views.publicConfig(config.defaults())));
    }

    void getConfig(Context ctx) {
        authenticator.requireAdmin(ctx);
        ctx.json(views.admin(config.get()));
    }

    void updateConfig(Context ctx) {
        authenticator.requireAdmin(ctx);
        ctx.json(views.admin(config.update(JsonBody.parse(ctx, mapper).tree())));
    }

    void getConfigDefaults(Context ctx) {
        authenticator.requireAdmin(ctx);
        ctx.json(views.admin(config.defaults()));
    }
}
