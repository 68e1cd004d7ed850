package dev.immichkeycloak.adapter.session;

import dev.immichkeycloak.adapter.api.ClientRequest;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Writes Immich's cookies (spec immich-api.md §1.1): the three login cookies with {@code Path=/; SameSite=Lax; HttpOnly;
 * Max-Age} = the session idle timeout ({@code immich_is_authenticated} readable by scripts), the OAuth state and verifier
 * cookies for 10 minutes, {@code Secure} when the public URL or the request is https, and Immich's clearing form.
 */
public class AuthCookies {

    public static final String ACCESS_TOKEN = "immich_access_token";
    public static final String AUTH_TYPE = "immich_auth_type";
    public static final String IS_AUTHENTICATED = "immich_is_authenticated";
    public static final String OAUTH_STATE = "immich_oauth_state";
    public static final String OAUTH_CODE_VERIFIER = "immich_oauth_code_verifier";

    static final Duration OAUTH_MAX_AGE = Duration.ofMinutes(10);

    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9._~-]*");

    private final Clock clock;
    private final ClientRequest client;
    private final boolean alwaysSecure;
    private final Duration loginMaxAge;

    /** {@code loginMaxAge} is the session idle timeout: the cookie lives no longer than the session it carries. */
    public AuthCookies(Clock clock, ClientRequest client, boolean alwaysSecure, Duration loginMaxAge) {
        this.clock = clock;
        this.client = client;
        this.alwaysSecure = alwaysSecure;
        this.loginMaxAge = loginMaxAge;
    }

    public void setLoginCookies(Context ctx, String accessToken, AuthType authType) {
        boolean secure = isSecure(ctx);
        set(ctx, ACCESS_TOKEN, accessToken, loginMaxAge, true, secure);
        set(ctx, AUTH_TYPE, authType.value(), loginMaxAge, true, secure);
        set(ctx, IS_AUTHENTICATED, "true", loginMaxAge, false, secure);
    }

    public void clearLoginCookies(Context ctx) {
        clear(ctx, ACCESS_TOKEN);
        clear(ctx, AUTH_TYPE);
        clear(ctx, IS_AUTHENTICATED);
    }

    /** The short-lived cookies of an OAuth start; a null verifier (the client sent its own challenge) sets no verifier cookie. */
    public void setOAuthCookies(Context ctx, String state, String codeVerifier) {
        boolean secure = isSecure(ctx);
        set(ctx, OAUTH_STATE, state, OAUTH_MAX_AGE, true, secure);
        if (codeVerifier != null) {
            set(ctx, OAUTH_CODE_VERIFIER, codeVerifier, OAUTH_MAX_AGE, true, secure);
        }
    }

    public void clearOAuthCookies(Context ctx) {
        clear(ctx, OAUTH_STATE);
        clear(ctx, OAUTH_CODE_VERIFIER);
    }

    /** Cookies are {@code Secure} whenever the public URL is https, or this request came over https (directly or via a trusted proxy). */
    boolean isSecure(Context ctx) {
        return alwaysSecure || client.isHttps(ctx);
    }

    private void set(Context ctx, String name, String value, Duration maxAge, boolean httpOnly, boolean secure) {
        if (value == null || !SAFE_VALUE.matcher(value).matches()) {
            throw new IllegalArgumentException("Cookie " + name + " needs a URL-safe value");
        }
        StringBuilder header = new StringBuilder()
                .append(name).append('=').append(value)
                .append("; Max-Age=").append(maxAge.toSeconds())
                .append("; Path=/")
                .append("; Expires=").append(EXPIRES.format(clock.instant().plus(maxAge)));
        if (httpOnly) {
            header.append("; HttpOnly");
        }
        if (secure) {
            header.append("; Secure");
        }
        header.append("; SameSite=Lax");
        ctx.res().addHeader("Set-Cookie", header.toString());
    }

    private static void clear(Context ctx, String name) {
        ctx.res().addHeader("Set-Cookie", name + "=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }
}
