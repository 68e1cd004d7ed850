package dev.immichkeycloak.adapter.oidc;

import dev.immichkeycloak.adapter.config.AllowedOrigins;
import dev.immichkeycloak.adapter.config.OAuthConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which redirect URIs a client may ask for (issue 8 item 2, stricter than spec README §3.15) and Immich's mobile override
 * (immich-api.md §4.2): an http(s) URL on one of the {@link AllowedOrigins} (the public URL's, {@code IMMICH_ALLOWED_ORIGINS})
 * whose path is {@code /auth/login} or {@code /user-settings}, the app scheme {@code app.immich:/+oauth-callback}, or the
 * configured {@code mobileRedirectUri}. A redirect URI on any other host would hand the victim's code to that host.
 */
public final class RedirectUriPolicy {

    /** Immich's override regex: unanchored, one or more slashes, first match only. */
    private static final Pattern APP_CALLBACK = Pattern.compile("app\\.immich:/+oauth-callback");
    private static final List<String> WEB_PATHS_ORDERED = List.of("/auth/login", "/user-settings");
    private static final Set<String> WEB_PATHS = Set.copyOf(WEB_PATHS_ORDERED);
    private static final int MAX_LENGTH = 2048;

    private final AllowedOrigins origins;

    public RedirectUriPolicy(AllowedOrigins origins) {
        this.origins = origins;
    }

    /** The web redirect URIs this adapter sends, one per allowed origin and page (for the doctor and the docs). */
    public List<String> webRedirectUris() {
        return origins.list().stream().flatMap(origin -> WEB_PATHS_ORDERED.stream().map(path -> origin + path)).toList();
    }

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

    private boolean isWebRedirect(String value) {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            return false;
        }
        return AllowedOrigins.originOf(uri).filter(origins::contains).isPresent()
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
