package dev.immichkeycloak.adapter.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * Registers routes with Immich's operation id (e.g. {@code finishOAuth}); an unexpected failure of that route answers
 * 500 {@code Failed to finish oauth}, as Immich's error interceptor does.
 */
public final class ApiRouter {

    private static final String OPERATION = ApiRouter.class.getName() + ".operation";

    private final RoutesConfig routes;

    public ApiRouter(RoutesConfig routes) {
        this.routes = routes;
    }

    public ApiRouter get(String path, String operationId, Handler handler) {
        routes.get(path, named(operationId, handler));
        return this;
    }

    public ApiRouter post(String path, String operationId, Handler handler) {
        routes.post(path, named(operationId, handler));
        return this;
    }

    public ApiRouter put(String path, String operationId, Handler handler) {
        routes.put(path, named(operationId, handler));
        return this;
    }

    public ApiRouter delete(String path, String operationId, Handler handler) {
        routes.delete(path, named(operationId, handler));
        return this;
    }

    /** The operation id of the route being handled, or null before routing. */
    public static String operation(Context ctx) {
        return ctx.attribute(OPERATION);
    }

    /** {@code linkOAuthAccount} → {@code link oauth account}: words split where a lower-case letter meets a capital. */
    public static String words(String operationId) {
        return String.join(" ", operationId.split("(?<=[a-z0-9])(?=[A-Z])")).toLowerCase(java.util.Locale.ROOT);
    }

    private static Handler named(String operationId, Handler handler) {
        return ctx -> {
            ctx.attribute(OPERATION, operationId);
            handler.handle(ctx);
        };
    }
}
