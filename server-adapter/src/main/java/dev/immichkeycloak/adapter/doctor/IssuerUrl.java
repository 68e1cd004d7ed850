package dev.immichkeycloak.adapter.doctor;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * The configured issuer URL taken apart: the issuer the ID token must carry (the URL without the optional
 * {@code /.well-known/openid-configuration} suffix, spec README §2) and the discovery document's address.
 */
record IssuerUrl(String issuer, URI uri, URI discoveryUri) {

    static final String WELL_KNOWN_SUFFIX = "/.well-known/openid-configuration";

    static Optional<IssuerUrl> parse(String configured) {
        String issuer = configured == null ? "" : configured.strip();
        if (issuer.endsWith(WELL_KNOWN_SUFFIX)) {
            issuer = issuer.substring(0, issuer.length() - WELL_KNOWN_SUFFIX.length());
        }
        try {
            URI uri = new URI(issuer);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null) {
                return Optional.empty();
            }
            // OIDC Discovery §4: a trailing slash of the issuer is removed before the well-known path is appended.
            String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
            return Optional.of(new IssuerUrl(issuer, uri, URI.create(base + WELL_KNOWN_SUFFIX)));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    boolean isHttps() {
        return "https".equalsIgnoreCase(uri.getScheme());
    }

    boolean isLoopback() {
        return isLoopbackHost(uri.getHost());
    }

    static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String bare = host.toLowerCase(Locale.ROOT);
        return bare.equals("localhost") || bare.endsWith(".localhost") || bare.startsWith("127.")
                || bare.equals("[::1]") || bare.equals("::1");
    }
}
