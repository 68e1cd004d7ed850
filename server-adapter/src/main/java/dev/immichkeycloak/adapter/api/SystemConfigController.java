package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.session.Authenticator;
import io.javalin.http.Context;

/** {@code /api/system-config} (admin only); the only place the client secret leaves the server. */
public class SystemConfigController implements ApiRoutes {

    private final SystemConfigService config;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;

    public SystemConfigController(SystemConfigService config, Authenticator authenticator, ObjectMapper mapper) {
        this.config = config;
        this.authenticator = authenticator;
        this.mapper = mapper;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/api/system-config", "getConfig", this::getConfig)
                .put("/api/system-config", "updateConfig", this::updateConfig)
                .get("/api/system-config/defaults", "getConfigDefaults", this::getConfigDefaults);
    }

    void getConfig(Context ctx) {
        authenticator.requireAdmin(ctx);
        ctx.json(config.get());
    }

    void updateConfig(Context ctx) {
        authenticator.requireAdmin(ctx);
        ctx.json(config.update(JsonBody.parse(ctx, mapper).tree()));
    }

    void getConfigDefaults(Context ctx) {
        authenticator.requireAdmin(ctx);
        ctx.json(config.defaults());
    }
}
