package dev.immichkeycloak.adapter.web;

import dev.immichkeycloak.adapter.api.ApiException;
import dev.immichkeycloak.adapter.api.ApiRouter;
import dev.immichkeycloak.adapter.api.ApiRoutes;
import dev.immichkeycloak.adapter.session.Auth;
import dev.immichkeycloak.adapter.session.Authenticator;
import dev.immichkeycloak.adapter.user.UserRepository;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The web pages: login, first-admin registration, the signed-in landing page, user settings and the admin's OAuth settings,
 * plus their scripts and styles under {@code /web/}. The page routes decide where a visitor belongs (signed in or not, admin
 * or not, server initialized or not) before any script runs; the scripts then talk to the JSON API.
 */
public class WebController implements ApiRoutes {

    /**
     * Nothing but our own files: no inline script or style, no third-party content, no framing. Data reaches the DOM
     * through {@code textContent} only.
     */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; base-uri 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'";

    private final WebAssets assets;
    private final Authenticator authenticator;
    private final UserRepository users;

    public WebController(WebAssets assets, Authenticator authenticator, UserRepository users) {
        this.assets = assets;
        this.authenticator = authenticator;
        this.users = users;
    }

    @Override
    public void register(ApiRouter router) {
        router.get("/", "getRoot", this::root)
                .get("/auth/login", "getLoginPage", this::login)
                .get("/auth/register", "getRegisterPage", this::registerPage)
                .get("/photos", "getPhotosPage", ctx -> signedIn(ctx, "photos.html"))
                .get("/user-settings", "getUserSettingsPage", ctx -> signedIn(ctx, "user-settings.html"))
                .get("/admin/system-settings", "getSystemSettingsPage", this::adminSettings)
                .get("/web/{file}", "getWebAsset", this::asset);
    }

    void root(Context ctx) {
        secure(ctx);
        ctx.redirect(caller(ctx).isPresent() ? "/photos" : "/auth/login", HttpStatus.FOUND);
    }

    void login(Context ctx) {
        if (caller(ctx).isPresent()) {
            secure(ctx);
            ctx.redirect("/photos", HttpStatus.FOUND);
        } else if (!users.adminExists()) {
            secure(ctx);
            ctx.redirect("/auth/register", HttpStatus.FOUND);
        } else {
            page(ctx, "login.html");
        }
    }

    void registerPage(Context ctx) {
        if (users.adminExists()) {
            secure(ctx);
            ctx.redirect("/auth/login", HttpStatus.FOUND);
        } else {
            page(ctx, "register.html");
        }
    }

    void adminSettings(Context ctx) {
        Optional<Auth> auth = caller(ctx);
        if (auth.isPresent() && !auth.get().user().isAdmin()) {
            secure(ctx);
            ctx.redirect("/photos", HttpStatus.FOUND);
        } else {
            signedIn(ctx, "admin-settings.html");
        }
    }

    void asset(Context ctx) {
        WebAssets.Asset asset = assets.findPublic(ctx.pathParam("file"))
                .orElseThrow(() -> new ApiException(404, "Cannot GET " + ctx.path()));
        secure(ctx);
        // Revalidated on every use: the files are small and change with the jar.
        ctx.header("Cache-Control", "no-cache").contentType(asset.contentType()).result(asset.bytes());
    }

    private void signedIn(Context ctx, String page) {
        if (caller(ctx).isEmpty()) {
            secure(ctx);
            ctx.redirect("/auth/login?continue=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8), HttpStatus.FOUND);
        } else {
            page(ctx, page);
        }
    }

    private void page(Context ctx, String name) {
        WebAssets.Asset page = assets.get(name);
        secure(ctx);
        // A page's content depends on who asks (redirects above), and callback URLs carry codes: never cache.
        ctx.header("Cache-Control", "no-store").contentType(page.contentType()).result(page.bytes());
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        // The login and settings URLs carry the authorization code on return from the provider.
        ctx.header("Referrer-Policy", "no-referrer");
    }

    /** The signed-in caller, if the request presents a valid session; pages never answer 401. */
    private Optional<Auth> caller(Context ctx) {
        if (Authenticator.presentedToken(ctx).isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(authenticator.requireUser(ctx));
        } catch (ApiException e) {
            return Optional.empty();
        }
    }
}
