package dev.immichkeycloak.adapter.oidc;

import dev.immichkeycloak.adapter.config.OAuthConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which redirect URIs a client may ask for (spec README §3.15) and Immich's mobile override (immich-api.md §4.2):
 * an http(s) URL whose path is {@code /auth/login} or {@code /user-settings} on any host, the app scheme
 * {@code app.immich:/+oauth-callback}, or the configured {@code mobileRedirectUri}.
 */
public final class RedirectUriPolicy {

    /** Immich's override regex: unanchored, one or more slashes, first match only. */
    private static final Pattern APP_CALLBACK = Pattern.compile("app\\.immich:/+oauth-callback");
    private static final Set<String> WEB_PATHS = Set.of("/auth/login", "/user-settings");
    private static final int MAX_LENGTH = 2048;

    /** Throws {@code REDIRECT_URI_NOT_ALLOWED} unless {@code redirectUri} is on the allow-list. */
    public void requireAllowed(String redirectUri, OAuthConfig config) {
        if (!isAllowed(redirectUri, config)) {
            throw OAuthFailure.of(OAuthFailure.Reason.REDIRECT_URI_NOT_ALLOWED, "redirect URI not on the allow-list: "
                    + abbreviate(redirectUri));
        }
    }

    public boolean isAllowed(String redirectUri, OAuthConfig config) {
        if (redirectUri == null || redirectUri.isEmpty() || redirectUri.length() > MAX_LENGTH || hasControlOrSpace(redirectUri)) {
            return false;
        }
        if (APP_CALLBACK.matcher(redirectUri).matches()) {
            return true;
        }
        String mobile = config.mobileRedirectUri();
        if (mobile != null && !mobile.isBlank() && redirectUri.equals(mobile.trim())) {
            return true;
        }
        return isWebRedirect(redirectUri);
    }

    /**
     * Immich's {@code resolveRedirectUri}: with the override on and a {@code mobileRedirectUri} set, the first
     * {@code app.immich:/+oauth-callback} becomes that URI (a literal replacement, unlike Immich's {@code $} patterns).
     */
    public String applyMobileOverride(String url, OAuthConfig config) {
        String mobile = config.mobileRedirectUri();
        if (url == null || !config.mobileOverrideEnabled() || mobile == null || mobile.isBlank()) {
            return url;
        }
        return APP_CALLBACK.matcher(url).replaceFirst(Matcher.quoteReplacement(mobile.trim()));
    }

    private static boolean isWebRedirect(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https"))
                && uri.getHost() != null
                && uri.getRawUserInfo() == null
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null
                && WEB_PATHS.contains(uri.getRawPath());
    }

    private static boolean hasControlOrSpace(String value) {
        return value.chars().anyMatch(c -> c <= 0x20 || c == 0x7f || c == '\\');
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() > 200 ? printable.substring(0, 200) + "…" : printable;
    }
}
