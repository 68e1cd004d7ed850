package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.session.Auth;
import dev.immichkeycloak.adapter.session.AuthCookies;
import dev.immichkeycloak.adapter.session.AuthType;
import dev.immichkeycloak.adapter.session.Authenticator;
import dev.immichkeycloak.adapter.session.LoginService;
import dev.immichkeycloak.adapter.session.LogoutRedirect;
import dev.immichkeycloak.adapter.session.SessionService;
import dev.immichkeycloak.adapter.user.User;
import dev.immichkeycloak.adapter.user.UserService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code /api/auth}: first admin sign-up, password login and logout. */
public class AuthController implements ApiRoutes {

    private final UserService userService;
    private final LoginService loginService;
    private final SessionService sessions;
    private final Authenticator authenticator;
    private final AuthCookies cookies;
    private final LogoutRedirect logoutRedirect;
    private final ClientRequest clientRequest;
    private final ObjectMapper mapper;

    public AuthController(UserService userService, LoginService loginService, SessionService sessions, Authenticator authenticator,
                          AuthCookies cookies, LogoutRedirect logoutRedirect, ClientRequest clientRequest, ObjectMapper mapper) {
        this.userService = userService;
        this.loginService = loginService;
        this.sessions = sessions;
        this.authenticator = authenticator;
        this.cookies = cookies;
        this.logoutRedirect = logoutRedirect;
        this.clientRequest = clientRequest;
        this.mapper = mapper;
    }

    @Override
    public void register(ApiRouter router) {
        router.post("/api/auth/admin-sign-up", "signUpAdmin", this::adminSignUp)
                .post("/api/auth/login", "login", this::login)
                .post("/api/auth/logout", "logout", this::logout)
                .get("/api/auth/status", "getAuthStatus", this::status)
                .post("/api/auth/validateToken", "validateAccessToken", this::validateToken)
                .post("/api/auth/change-password", "changePassword", this::changePassword)
                // No PIN codes here: every user is one without a PIN code in Immich's terms.
                .post("/api/auth/pin-code", "setupPinCode", ctx -> {
                    authenticator.requireUser(ctx);
                    pinCodeBody(ctx, "pinCode");
                    throw ApiException.badRequest("PIN codes are not supported by this server");
                })
                .put("/api/auth/pin-code", "changePinCode", ctx -> withoutPinCode(ctx, "newPinCode"))
                .delete("/api/auth/pin-code", "resetPinCode", ctx -> withoutPinCode(ctx))
                .post("/api/auth/session/unlock", "unlockAuthSession", ctx -> withoutPinCode(ctx))
                // Nothing is ever unlocked, so locking changes nothing.
                .post("/api/auth/session/lock", "lockAuthSession", ctx -> {
                    authenticator.requireUser(ctx);
                    ctx.status(204);
                });
    }

    /** As Immich for a user without a PIN code: 400 "User does not have a PIN code" once the body is well-formed. */
    private void withoutPinCode(Context ctx, String... requiredPins) {
        authenticator.requireUser(ctx);
        pinCodeBody(ctx, requiredPins);
        throw ApiException.badRequest("User does not have a PIN code");
    }

    private void pinCodeBody(Context ctx, String... requiredPins) {
        JsonBody body = JsonBody.parse(ctx, mapper);
        for (String field : requiredPins) {
            body.requiredNonEmptyString(field, FieldLimits.PASSWORD_MAX);
        }
        body.optionalString("pinCode", FieldLimits.PASSWORD_MAX);
        body.optionalString("password", FieldLimits.PASSWORD_MAX);
        body.validate();
    }

    /** As Immich: the current password must match ("Wrong password"); {@code invalidateSessions} ends the caller's others. */
    void changePassword(Context ctx) {
        Auth auth = authenticator.requireUser(ctx);
        JsonBody body = JsonBody.parse(ctx, mapper);
        // No minimum for the current one, as at login: a password set before the minimum can still be changed.
        String password = body.requiredString("password", FieldLimits.PASSWORD_MAX);
        String newPassword = body.newPassword("newPassword");
        boolean invalidateSessions = body.optionalBoolean("invalidateSessions", false);
        body.validate();
        User user = userService.changePassword(auth.user(), password, newPassword);
        if (invalidateSessions) {
            sessions.deleteOthers(user.id(), auth.session().id());
        }
        ctx.json(UserAdminResponse.from(user));
    }

    /** Immich's {@code AuthStatusResponseDto}: no PIN codes and no elevated sessions here; {@code expiresAt} of the session. */
    void status(Context ctx) {
        Auth auth = authenticator.requireUser(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("pinCode", false);
        body.put("password", auth.user().hasPassword());
        body.put("isElevated", false);
        if (auth.session().expiresAt() != null) {
            body.put("expiresAt", Dates.iso(auth.session().expiresAt()));
        }
        ctx.json(body);
    }

    /** A token that gets this far is valid (an invalid one is 401 in the authenticator). */
    void validateToken(Context ctx) {
        authenticator.requireUser(ctx);
        ctx.status(200).json(Map.of("authStatus", true));
    }

    void adminSignUp(Context ctx) {
        JsonBody body = JsonBody.parse(ctx, mapper);
        String email = body.requiredEmail("email");
        String password = body.newPassword("password");
        String name = body.requiredString("name", FieldLimits.NAME);
        body.validate();
        User admin = userService.adminSignUp(email, password, name);
        ctx.status(201).json(UserAdminResponse.from(admin));
    }

    void login(Context ctx) {
        JsonBody body = JsonBody.parse(ctx, mapper);
        String email = body.requiredEmail("email");
        // No minimum here: a password set before the minimum still logs in (an empty one never matches).
        String password = body.requiredString("password", FieldLimits.PASSWORD_MAX);
        body.validate();
        LoginService.Login login = loginService.login(email, password, ctx.userAgent(), clientRequest.key(ctx));
        cookies.setLoginCookies(ctx, login.session().token(), AuthType.PASSWORD);
        ctx.status(201).json(LoginResponse.from(login.user(), login.session().token()));
    }

    void logout(Context ctx) {
        Auth auth = authenticator.requireUser(ctx);
        // As Immich: the session goes first, then the redirect is worked out.
        sessions.delete(auth.session().id());
        String redirectUri = logoutRedirect.redirectUri(auth);
        cookies.clearLoginCookies(ctx);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("successful", true);
        body.put("redirectUri", redirectUri);
        ctx.status(200).json(body);
    }
}
