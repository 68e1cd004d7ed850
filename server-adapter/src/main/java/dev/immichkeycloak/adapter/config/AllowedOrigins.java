package dev.immichkeycloak.adapter.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The web origins users reach the adapter under: the origin of {@code IMMICH_PUBLIC_URL} first, then those of
 * {@code IMMICH_ALLOWED_ORIGINS}. Redirect URIs and state-changing browser requests must come from one of them.
 * Origins are compared in their serialized form ({@code scheme://host[:port]}, lower case, default port left out).
 */
public final class AllowedOrigins {

    private final Set<String> origins;
    private final List<String> ordered;

    private AllowedOrigins(Set<String> origins) {
        this.origins = Set.copyOf(origins);
        this.ordered = List.copyOf(origins);
    }

    /** {@code extra} is a comma-separated list of origins; a path, query or non-http(s) scheme is refused. */
    public static AllowedOrigins parse(URI publicUrl, String extra) {
        Set<String> origins = new LinkedHashSet<>();
        origins.add(originOf(publicUrl).orElseThrow());
        List<String> bad = new ArrayList<>();
        for (String item : extra.split(",")) {
            String text = item.trim();
            if (text.isEmpty()) {
                continue;
            }
            String origin = parseOrigin(text);
            if (origin == null) {
                bad.add("'" + text + "'");
            } else {
                origins.add(origin);
            }
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("not an origin: " + String.join(", ", bad));
        }
        return new AllowedOrigins(origins);
    }

    public boolean contains(String origin) {
        return origin != null && origins.contains(origin);
    }

    /** The origins in configuration order, the public URL's first. */
    public List<String> list() {
        return ordered;
    }

    /** The serialized origin of an absolute http(s) URI, or empty (opaque, other scheme, user info, no host). */
    public static Optional<String> originOf(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.isOpaque() || uri.getHost() == null
                || uri.getRawUserInfo() != null) {
            return Optional.empty();
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    }

    /** An {@code Origin} header value or a configured origin, serialized; null when it is not an http(s) origin. */
    public static String parseOrigin(String text) {
        try {
            URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
            if (!uri.getRawPath().isEmpty() || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                return null;
            }
            return originOf(uri).orElse(null);
        } catch (URISyntaxException | NullPointerException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return ordered.toString();
    }
}
