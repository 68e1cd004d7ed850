package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.config.AllowedOrigins;
import dev.immichkeycloak.adapter.session.Authenticator;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Set;

/**
 * The one place that stops cross-site request forgery (issue 8 item 1), run before every route. A state-changing request
 * (POST, PUT, PATCH, DELETE) that a browser could send with the session cookie must
 * <ul>
 *   <li>come from an allowed origin: its {@code Origin} is the adapter's own (the public URL, {@code IMMICH_ALLOWED_ORIGINS}
 *       or, for an IP address or {@code localhost}, the origin the request was addressed to), or, without {@code Origin}, {@code Sec-Fetch-Site} is absent,
 *       {@code same-origin} or {@code none}; else 403 {@code CROSS_ORIGIN_REQUEST};</li>
 *   <li>carry JSON when it carries anything: another {@code Content-Type} is 415 {@code JSON_BODY_REQUIRED}, since a
 *       cross-site form or {@code text/plain} fetch needs no CORS pre-flight and JSON does.</li>
 * </ul>
 * Requests authenticated by a header (a bearer token, {@code x-immich-*-token}) are not affected: a page on
 * another origin cannot add those headers without a pre-flight, which this server never grants. Back-channel logout is a
 * provider's server-to-server form post and is checked by its signed token instead.
 */
public final class CrossSiteGuard {

    private static final Set<String> STATE_CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> SERVER_TO_SERVER = Set.of("/api/oauth/backchannel-logout");
    private static final Set<String> SAME_ORIGIN_FETCH_SITES = Set.of("same-origin", "none");

    private final AllowedOrigins origins;
    private final ClientRequest client;

    public CrossSiteGuard(AllowedOrigins origins, ClientRequest client) {
        this.origins = origins;
        this.client = client;
    }

    public void check(Context ctx) {
        if (!STATE_CHANGING.contains(ctx.method().name()) || SERVER_TO_SERVER.contains(ctx.path()) || hasHeaderCredential(ctx)) {
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null) {
            String parsed = AllowedOrigins.parseOrigin(origin);
            if (parsed == null || !(origins.contains(parsed) || parsed.equals(client.origin(ctx)))) {
                throw refused("Origin " + abbreviate(origin) + " is not allowed");
            }
        } else {
            String site = ctx.header("Sec-Fetch-Site");
            if (site != null && !SAME_ORIGIN_FETCH_SITES.contains(site.toLowerCase(Locale.ROOT))) {
                throw refused("no Origin and Sec-Fetch-Site " + abbreviate(site));
            }
        }
        String contentType = ctx.contentType();
        if (contentType == null ? hasBody(ctx) : !isJson(contentType)) {
            throw new ApiException(415, "Content-Type must be application/json", "JSON_BODY_REQUIRED",
                    "Content-Type was " + abbreviate(contentType), null);
        }
    }

    private static boolean hasHeaderCredential(Context ctx) {
        // Only a header that authenticates: a request with some other header (x-api-key, unsupported here) and the cookie
        // would still be authenticated by the cookie.
        return Authenticator.headerToken(ctx) != null;
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    private static boolean isJson(String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    private static ApiException refused(String detail) {
        return new ApiException(403, "Cross-origin request refused", "CROSS_ORIGIN_REQUEST", detail, null);
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "none";
        }
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 100 ? printable.substring(0, 100) + "…" : printable;
    }
}
