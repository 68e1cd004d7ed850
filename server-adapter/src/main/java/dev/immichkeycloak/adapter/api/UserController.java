package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.session.Authenticator;
import dev.immichkeycloak.adapter.user.User;
import dev.immichkeycloak.adapter.user.UserService;
import io.javalin.http.Context;

/** {@code GET|PUT /api/users/me} and the admin's {@code POST /api/admin/users}. */
public class UserController implements ApiRoutes {

    private final UserService userService;
    private final Authenticator authenticator;
    private final ObjectMapper mapper;

    public UserController(UserService userService, Authenticator authenticator, ObjectMapper mapper) {
        this.userService = userService;
        this.authenticator = authenticator;
        this.mapper = mapper;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/api/users/me", "getMyUser", this::getMyUser)
                .put("/api/users/me", "updateMyUser", this::updateMyUser)
                .post("/api/admin/users", "createUserAdmin", this::createUserAdmin);
    }

    /** Name, email and (deprecated in Immich, still accepted) password; {@code avatarColor} is not changeable here. */
    void updateMyUser(Context ctx) {
        User user = authenticator.requireUser(ctx).user();
        JsonBody body = JsonBody.parse(ctx, mapper);
        String email = body.tree().hasNonNull("email") ? body.requiredEmail("email") : null;
        String name = body.tree().hasNonNull("name") ? body.requiredNonEmptyString("name", FieldLimits.NAME) : null;
        String password = body.tree().hasNonNull("password") ? body.newPassword("password") : null;
        body.validate();
        ctx.json(UserAdminResponse.from(userService.updateMe(user, name, email, password)));
    }

    void getMyUser(Context ctx) {
        ctx.json(UserAdminResponse.from(authenticator.requireUser(ctx).user()));
    }

    void createUserAdmin(Context ctx) {
        authenticator.requireAdmin(ctx);
        JsonBody body = JsonBody.parse(ctx, mapper);
        String email = body.requiredEmail("email");
        String password = body.newPassword("password");
        String name = body.requiredString("name", FieldLimits.NAME);
        String storageLabel = body.optionalString("storageLabel", FieldLimits.STORAGE_LABEL);
        Long quota = body.optionalNonNegativeLong("quotaSizeInBytes");
        boolean isAdmin = body.optionalBoolean("isAdmin", false);
        boolean shouldChangePassword = body.optionalBoolean("shouldChangePassword", true);
        body.validate();
        User user = userService.createUser(email, password, name, storageLabel, quota, isAdmin, shouldChangePassword);
        ctx.status(201).json(UserAdminResponse.from(user));
    }
}
