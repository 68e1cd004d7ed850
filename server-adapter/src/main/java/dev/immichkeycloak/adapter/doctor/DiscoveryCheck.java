package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.oidc.IssuerUrl;
import dev.immichkeycloak.adapter.oidc.OAuthFailure;
import dev.immichkeycloak.adapter.oidc.ProviderHttp;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
        Finding transport = transport(config, issuerUrl, http);
        if (transport != null) {
            findings.add(transport);
            if (transport.status() == Finding.Status.FAIL) {
                // As a login: an http provider is not contacted at all while allowInsecureRequests is off.
                return new Result(null, findings);
            }
        }
        URI discoveryUri = issuerUrl.documentUrl();
        OIDCProviderMetadata metadata = fetch(discoveryUri, http, findings);
        if (metadata == null) {
            return new Result(null, findings);
        }
        findings.add(issuerMatch(issuerUrl, metadata.getIssuer().getValue()));
        Finding endpoints = endpoints(metadata, http);
        if (endpoints != null) {
            findings.add(endpoints);
            return new Result(null, findings);
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

    private static Finding transport(OAuthConfig config, IssuerUrl issuerUrl, ProviderHttp http) {
        if ("https".equalsIgnoreCase(issuerUrl.documentUrl().getScheme())) {
            return null;
        }
        if (!http.isAllowed(issuerUrl.documentUrl())) {
            return Finding.fail("transport", "the issuer uses http and allowInsecureRequests is off: https is required, so no request"
                            + " was sent.",
                    "Use the provider's https URL, or turn on allowInsecureRequests only for a provider on a trusted network.");
        }
        if (isLoopbackHost(issuerUrl.documentUrl().getHost())) {
            return Finding.ok("transport", "http to a loopback address, allowed by allowInsecureRequests.");
        }
        return Finding.warn("transport",
                "http over the network: codes, tokens and the client secret travel unencrypted (allowInsecureRequests is on).",
                "Serve the provider over https and turn off allowInsecureRequests.");
    }

    private static OIDCProviderMetadata fetch(URI discoveryUri, ProviderHttp http, List<Finding> findings) {
        HTTPResponse response;
        try {
            response = http.get(discoveryUri);
        } catch (IOException e) {
            findings.add(Finding.fail("discovery", "cannot reach " + discoveryUri + ": " + ProviderText.failure(e) + ".",
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
            findings.add(Finding.fail("discovery", discoveryUri + " did not answer JSON.",
                    "Point the issuer URL at the OpenID provider itself, not at a web page or a proxy login."));
            return null;
        }
        try {
            OIDCProviderMetadata metadata = OIDCProviderMetadata.parse(json);
            findings.add(Finding.ok("discovery", discoveryUri + " answered valid OpenID Connect metadata."));
            return metadata;
        } catch (ParseException e) {
            findings.add(Finding.fail("discovery", "the JSON at " + discoveryUri + " is not OpenID Connect metadata (a required"
                            + " member such as issuer, jwks_uri or subject_types_supported is missing or invalid).",
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
        // The advertised value is the provider's text: it is repeated only when it is the configured one give or take the
        // trailing slash (so nothing new is learnt from it), the usual Authentik mistake.
        if (stripSlash(advertised).equals(stripSlash(configured))) {
            return Finding.fail("issuer", "the provider's issuer and the configured \"" + ProviderText.clean(configured)
                            + "\" differ in the trailing slash; ID tokens would be rejected.",
                    "Set the issuer URL to " + ProviderText.clean(advertised) + " (the trailing slash matters).");
        }
        return Finding.fail("issuer", "the provider's metadata names another issuer than the configured \""
                        + ProviderText.clean(configured) + "\"; ID tokens would be rejected.",
                "Set the issuer URL to the \"issuer\" value of " + issuerUrl.documentUrl() + ", or make the provider advertise the"
                        + " URL this server uses (Keycloak: the hostname option).");
    }

    /** The endpoints a login uses must be present and fetchable with these settings, as the login path requires. */
    private static Finding endpoints(OIDCProviderMetadata metadata, ProviderHttp http) {
        Map<String, URI> required = new LinkedHashMap<>();
        required.put("authorization_endpoint", metadata.getAuthorizationEndpointURI());
        required.put("token_endpoint", metadata.getTokenEndpointURI());
        required.put("jwks_uri", metadata.getJWKSetURI());
        List<String> missing = required.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).toList();
        if (!missing.isEmpty()) {
            return Finding.fail("endpoints", "the metadata has no " + String.join(", ", missing) + ".",
                    "Use a provider that supports the authorization code flow.");
        }
        Map<String, URI> all = new LinkedHashMap<>(required);
        all.put("userinfo_endpoint", metadata.getUserInfoEndpointURI());
        all.put("end_session_endpoint", metadata.getEndSessionEndpointURI());
        List<String> refused = all.entrySet().stream().filter(e -> e.getValue() != null && !http.isAllowed(e.getValue()))
                .map(Map.Entry::getKey).toList();
        if (refused.isEmpty()) {
            return null;
        }
        String verb = refused.size() == 1 ? " is" : " are";
        String seen = http.allowInsecureRequests()
                ? String.join(", ", refused) + " in the metadata" + verb + " not an http(s) URL; logins would fail discovery."
                : String.join(", ", refused) + " in the metadata" + verb + " not https and allowInsecureRequests is off; logins"
                        + " would fail discovery.";
        return Finding.fail("endpoints", seen, "Serve the provider over https (Keycloak: the hostname and proxy options), or turn"
                + " on allowInsecureRequests only for a provider on a trusted network.");
    }

    private static String stripSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static boolean isLoopbackHost(String host) {
        String bare = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return bare.equals("localhost") || bare.endsWith(".localhost") || bare.startsWith("127.") || bare.equals("[::1]");
    }

}
