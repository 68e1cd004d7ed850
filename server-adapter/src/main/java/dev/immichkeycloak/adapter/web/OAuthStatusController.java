package dev.immichkeycloak.adapter.web;

import dev.immichkeycloak.adapter.api.ApiRouter;
import dev.immichkeycloak.adapter.api.ApiRoutes;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.session.Authenticator;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/admin/oauth/status} (admin): whether the config file locks the settings, and the recent OAuth failures. */
public class OAuthStatusController implements ApiRoutes {

    private final SystemConfigService config;
    private final OAuthFailureLog failures;
    private final Authenticator authenticator;

    public OAuthStatusController(SystemConfigService config, OAuthFailureLog failures, Authenticator authenticator) {
        this.config = config;
        this.failures = failures;
        this.authenticator = authenticator;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/api/admin/oauth/status", "getOAuthStatusAdmin", this::status);
    }

    void status(Context ctx) {
        authenticator.requireAdmin(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("configFileInUse", config.isReadOnly());
        body.put("recentFailures", failures.recent());
        ctx.header("Cache-Control", "no-store").json(body);
    }
}
