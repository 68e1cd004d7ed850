package dev.immichkeycloak.adapter;

import dev.immichkeycloak.adapter.api.ApiErrorHandler;
import dev.immichkeycloak.adapter.api.ApiRouter;
import dev.immichkeycloak.adapter.api.ApiRoutes;
import dev.immichkeycloak.adapter.api.AuthAdminController;
import dev.immichkeycloak.adapter.api.AuthController;
import dev.immichkeycloak.adapter.api.CorrelationId;
import dev.immichkeycloak.adapter.api.CrossSiteGuard;
import dev.immichkeycloak.adapter.api.DiagnoseController;
import dev.immichkeycloak.adapter.api.ServerController;
import dev.immichkeycloak.adapter.api.SessionController;
import dev.immichkeycloak.adapter.api.SystemConfigController;
import dev.immichkeycloak.adapter.api.UserController;
import dev.immichkeycloak.adapter.api.UserMetadataController;
import dev.immichkeycloak.adapter.doctor.ProviderDoctor;
import dev.immichkeycloak.adapter.user.UserMetadataRepository;
import dev.immichkeycloak.adapter.web.OAuthStatusController;
import dev.immichkeycloak.adapter.web.WebAssets;
import dev.immichkeycloak.adapter.web.WebController;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.ArrayList;
import java.util.List;

/** Builds the Javalin app from its collaborators, without starting it: routes, the correlation id, the
 * cross-site guard and the one error mapper. */
public final class AdapterApp {

    private AdapterApp() {
    }

    public static Javalin create(AdapterServices services, AdapterExtensions extensions) {
        List<ApiRoutes> groups = new ArrayList<>(coreRoutes(services, extensions));
        groups.addAll(extensions.routes());
        ApiErrorHandler errors = new ApiErrorHandler(services.oauthFailures());
        CrossSiteGuard crossSite = new CrossSiteGuard(services.settings().allowedOrigins(), services.clientRequest());
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(services.mapper(), false));
            config.routes.before(CorrelationId::start);
            // API answers carry accounts, sessions and the client secret: no cache may keep them.
            config.routes.before("/api/*", ctx -> ctx.header("Cache-Control", "no-store"));
            config.routes.before(crossSite::check);
            config.routes.after(CorrelationId::end);
            config.routes.exception(Exception.class, errors::handle);
            config.routes.error(404, errors::notFound);
            ApiRouter router = new ApiRouter(config.routes);
            groups.forEach(group -> group.register(router));
        });
    }

    private static List<ApiRoutes> coreRoutes(AdapterServices s, AdapterExtensions extensions) {
        return List.of(
                new AuthController(s.userService(), s.loginService(), s.sessions(), s.authenticator(), s.authCookies(),
                        extensions.logoutRedirect(), s.clientRequest(), s.mapper()),
                new UserController(s.userService(), s.authenticator(), s.mapper(), s.clock()),
                new UserMetadataController(s.authenticator(), new UserMetadataRepository(s.dataSource()), s.users(), s.mapper()),
                new SessionController(s.sessions(), s.authenticator(), s.mapper()),
                new AuthAdminController(s.userService(), s.authenticator()),
                new ServerController(s.systemConfig(), s.users(), s.settings().publicBaseUrl(), s.authenticator()),
                new SystemConfigController(s.systemConfig(), s.authenticator(), s.mapper(), s.settings().publicBaseUrl()),
                new DiagnoseController(new ProviderDoctor(), s.systemConfig(), s.authenticator(), s.mapper(),
                        s.settings().publicBaseUrl(), s.settings().allowedOrigins().list()),
                new OAuthStatusController(s.systemConfig(), s.oauthFailures(), s.authenticator()),
                new WebController(WebAssets.load(), s.authenticator(), s.users()));
    }
}
