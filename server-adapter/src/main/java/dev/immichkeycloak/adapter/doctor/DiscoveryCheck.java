package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.oidc.IssuerUrl;
import dev.immichkeycloak.adapter.oidc.OAuthFailure;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import net.minidev.json.JSONObject;

/**
 * Checks the issuer URL and the discovery document: reachable, JSON, valid metadata, {@code issuer} exactly as configured.
 * The issuer URL is read by the relying party's own {@link IssuerUrl}, so the doctor accepts exactly what a login accepts.
 */
final class DiscoveryCheck {

    static final String ISSUER_EXAMPLE = "https://keycloak.example.com/realms/immich";

    /** What discovery produced: the metadata (null when it could not be read) and the findings so far. */
    record Result(OIDCProviderMetadata metadata, List<Finding> findings) {
    }

    Result run(OAuthConfig config, ProviderHttp http) {
        List<Finding> findings = new ArrayList<>();
        IssuerUrl issuerUrl = parse(config.issuerUrl());
        if (issuerUrl == null) {
            findings.add(Finding.fail("issuer URL", "\"" + ProviderText.clean(config.issuerUrl()) + "\" is not an http(s) URL.",
                    "Set the issuer URL to the provider's issuer, e.g. " + ISSUER_EXAMPLE + "."));
            return new Result(null, findings);
        }
        transport(config, issuerUrl).ifPresent(findings::add);
        URI discoveryUri = issuerUrl.documentUrl();
        OIDCProviderMetadata metadata = fetch(discoveryUri, http, findings);
        if (metadata != null) {
            findings.add(issuerMatch(issuerUrl, metadata.getIssuer().getValue()));
        }
        return new Result(metadata, findings);
    }

    /** The relying party's reading of {@code configured}, or null when a login could not use it. */
    static IssuerUrl parse(String configured) {
        try {
            return IssuerUrl.parse(configured);
        } catch (OAuthFailure e) {
            return null;
        }
    }

    private static Optional<Finding> transport(OAuthConfig config, IssuerUrl issuerUrl) {
        if ("https".equalsIgnoreCase(issuerUrl.documentUrl().getScheme())) {
            return Optional.empty();
        }
        if (!config.allowInsecureRequests()) {
            return Optional.of(Finding.fail("transport", "the issuer uses http and allowInsecureRequests is off.",
                    "Use the provider's https URL, or turn on allowInsecureRequests only for a provider on a trusted network."));
        }
        if (isLoopbackHost(issuerUrl.documentUrl().getHost())) {
            return Optional.of(Finding.ok("transport", "http to a loopback address, allowed by allowInsecureRequests."));
        }
        return Optional.of(Finding.warn("transport",
                "http over the network: codes, tokens and the client secret travel unencrypted (allowInsecureRequests is on).",
                "Serve the provider over https and turn off allowInsecureRequests."));
    }

    private static OIDCProviderMetadata fetch(URI discoveryUri, ProviderHttp http, List<Finding> findings) {
        HTTPResponse response;
        try {
            response = http.get(discoveryUri);
        } catch (IOException e) {
            findings.add(Finding.fail("discovery", "cannot reach " + discoveryUri + ": " + describe(e) + ".",
                    "Check the issuer URL and that this server can reach the provider (DNS, firewall, timeout)."));
            return null;
        }
        if (response.getStatusCode() != 200) {
            findings.add(Finding.fail("discovery", "HTTP " + response.getStatusCode() + " from " + discoveryUri + ".",
                    "Set the issuer URL to the provider's issuer, e.g. " + ISSUER_EXAMPLE + " (realm names are case-sensitive)."));
            return null;
        }
        JSONObject json;
        try {
            json = JSONObjectUtils.parse(Objects.requireNonNullElse(response.getBody(), ""));
        } catch (ParseException e) {
            findings.add(Finding.fail("discovery", discoveryUri + " did not answer JSON (Content-Type "
                            + ProviderText.clean(response.getHeaderValue("Content-Type")) + ").",
                    "Point the issuer URL at the OpenID provider itself, not at a web page or a proxy login."));
            return null;
        }
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(json);
            findings.add(Finding.ok("discovery", discoveryUri + " answered valid OpenID Connect metadata."));
            return metadata;
        } catch (ParseException e) {
            findings.add(Finding.fail("discovery", "the JSON at " + discoveryUri + " is not OpenID Connect metadata: "
                            + ProviderText.clean(e.getMessage()) + ".",
                    "Point the issuer URL at an OpenID Connect provider (for Keycloak: " + ISSUER_EXAMPLE + ")."));
            return null;
        }
    }

    // OIDC Discovery §4.3 and Core §3.1.3.7 step 2: exact string comparison, so a trailing slash matters.
    private static Finding issuerMatch(IssuerUrl issuerUrl, String advertised) {
        String configured = issuerUrl.acceptedIssuers().get(0);
        if (issuerUrl.accepts(advertised)) {
            return Finding.ok("issuer", "the discovery issuer equals the configured one (" + configured + ").");
        }
        String seen = "the provider says its issuer is " + ProviderText.quote(advertised) + ", the configuration says \""
                + ProviderText.clean(configured) + "\"; ID tokens would be rejected.";
        String fix = "Set the issuer URL to " + ProviderText.clean(advertised);
        if (stripSlash(advertised).equals(stripSlash(configured))) {
            fix += " (the trailing slash matters).";
        } else {
            fix += ", or make the provider advertise the URL this server uses (Keycloak: the hostname option).";
        }
        return Finding.fail("issuer", seen, fix);
    }

    private static String stripSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static boolean isLoopbackHost(String host) {
        String bare = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return bare.equals("localhost") || bare.endsWith(".localhost") || bare.startsWith("127.") || bare.equals("[::1]");
    }

    static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : " " + ProviderText.clean(message));
    }
}
