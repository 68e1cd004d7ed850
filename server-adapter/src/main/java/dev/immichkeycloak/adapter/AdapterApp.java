package dev.immichkeycloak.adapter;

import dev.immichkeycloak.adapter.api.ApiErrorHandler;
import dev.immichkeycloak.adapter.api.ApiRouter;
import dev.immichkeycloak.adapter.api.ApiRoutes;
import dev.immichkeycloak.adapter.api.AuthAdminController;
import dev.immichkeycloak.adapter.api.AuthController;
import dev.immichkeycloak.adapter.api.CorrelationId;
import dev.immichkeycloak.adapter.api.ServerController;
import dev.immichkeycloak.adapter.api.SessionController;
import dev.immichkeycloak.adapter.api.SystemConfigController;
import dev.immichkeycloak.adapter.api.UserController;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.ArrayList;
import java.util.List;

/** Builds the Javalin app from its collaborators, without starting it: routes, the correlation id and the one error mapper. */
public final class AdapterApp {

    private AdapterApp() {
    }

    public static Javalin create(AdapterServices services, AdapterExtensions extensions) {
        List<ApiRoutes> groups = new ArrayList<>(coreRoutes(services, extensions));
        groups.addAll(extensions.routes());
        ApiErrorHandler errors = new ApiErrorHandler();
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jsonMapper(new JavalinJackson(services.mapper(), false));
            config.routes.before(CorrelationId::start);
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
                        extensions.logoutRedirect(), s.mapper()),
                new UserController(s.userService(), s.authenticator(), s.mapper()),
                new SessionController(s.sessions(), s.authenticator()),
                new AuthAdminController(s.userService(), s.authenticator()),
                new ServerController(s.systemConfig(), s.users()),
                new SystemConfigController(s.systemConfig(), s.authenticator(), s.mapper()));
    }
}
