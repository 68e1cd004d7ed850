package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.session.Authenticator;
import dev.immichkeycloak.adapter.user.UserService;
import io.javalin.http.Context;

/** {@code POST /api/admin/auth/unlink-all}: removes every user's OAuth link. */
public class AuthAdminController implements ApiRoutes {

    private final UserService userService;
    private final Authenticator authenticator;

    public AuthAdminController(UserService userService, Authenticator authenticator) {
        this.userService = userService;
        this.authenticator = authenticator;
    }

    @Override
    public void register(ApiRouter router) {
        router.post("/api/admin/auth/unlink-all", "unlinkAllOAuthAccountsAdmin", this::unlinkAll);
    }

    void unlinkAll(Context ctx) {
        authenticator.requireAdmin(ctx);
        userService.unlinkAllOAuth();
        ctx.status(204);
    }
}
