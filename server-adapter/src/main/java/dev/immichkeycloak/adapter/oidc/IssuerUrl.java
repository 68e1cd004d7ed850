package dev.immichkeycloak.adapter.oidc;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * The configured {@code issuerUrl}, read as OIDC Discovery does: either the issuer itself (the document is then at
 * issuer + {@code /.well-known/openid-configuration}, path-aware) or the document URL (Immich's recommended form, the
 * issuer is then that URL minus the suffix). The issuers a discovery document may name are exactly
 * {@link #acceptedIssuers()}: the configured string, or for the document form the prefix with or without a trailing
 * slash (both map to the same document URL; Authentik issuers end with a slash, Keycloak's do not).
 */
public record IssuerUrl(URI documentUrl, List<String> acceptedIssuers) {

    public static final String WELL_KNOWN = "/.well-known/openid-configuration";

    /** Parses {@code configured}; an empty or malformed value is a discovery failure with a fixed public summary. */
    public static IssuerUrl parse(String configured) {
        String value = configured == null ? "" : configured.trim();
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw OAuthFailure.discovery("Invalid issuer URL", "issuerUrl is not a URI", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (value.isEmpty() || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw OAuthFailure.discovery("Invalid issuer URL", "issuerUrl must be an absolute http(s) URL without query", null);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        String origin = value.substring(0, value.length() - path.length());
        if (path.endsWith(WELL_KNOWN)) {
            String prefix = origin + path.substring(0, path.length() - WELL_KNOWN.length());
            return new IssuerUrl(uri, prefix.endsWith("/") ? List.of(prefix) : List.of(prefix, prefix + "/"));
        }
        if (path.startsWith(WELL_KNOWN + "/")) {
            // RFC 8414 §3.1 form: the well-known segment inserted between host and issuer path.
            String issuer = origin + path.substring(WELL_KNOWN.length());
            return new IssuerUrl(uri, List.of(issuer));
        }
        if (path.contains("/.well-known/")) {
            throw OAuthFailure.discovery("Invalid issuer URL",
                    "only the " + WELL_KNOWN + " document is supported, got " + value, null);
        }
        String base = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        return new IssuerUrl(URI.create(base + WELL_KNOWN), List.of(value));
    }

    public boolean accepts(String issuer) {
        return issuer != null && acceptedIssuers.contains(issuer);
    }
}
