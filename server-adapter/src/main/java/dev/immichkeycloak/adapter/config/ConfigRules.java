package dev.immichkeycloak.adapter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.immichkeycloak.adapter.api.JsonBody;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every system-config setting with its type and Immich's validation (spec immich-api.md §2), and the messages zod gives.
 * A rule turns a raw JSON value into its normal form, or reports a problem.
 */
final class ConfigRules {

    /** Checks one value; returns the normalized value, or null after adding a problem message. */
    @FunctionalInterface
    interface Rule {
        JsonNode apply(JsonNode value, List<String> problems);
    }

    static final List<String> SIGNING_ALGORITHMS =
            List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "HS256", "HS384", "HS512");

    /** Section name → setting name → rule, in the order of the records (and so of the error messages). */
    static final Map<String, Map<String, Rule>> SECTIONS = sections();

    private ConfigRules() {
    }

    private static Map<String, Map<String, Rule>> sections() {
        Map<String, Rule> oauth = new LinkedHashMap<>();
        oauth.put("enabled", bool());
        oauth.put("issuerUrl", webUrlOrEmpty("Issuer URL must be an empty string or a valid URL", "Issuer URL must be an http(s) URL"));
        oauth.put("clientId", string());
        oauth.put("clientSecret", string());
        oauth.put("scope", string());
        oauth.put("prompt", string());
        oauth.put("tokenEndpointAuthMethod", oneOf(List.of("client_secret_post", "client_secret_basic")));
        oauth.put("timeout", intAtLeast(1));
        oauth.put("allowInsecureRequests", bool());
        oauth.put("signingAlgorithm", oneOf(SIGNING_ALGORITHMS));
        oauth.put("profileSigningAlgorithm", oneOf(concat("none", SIGNING_ALGORITHMS)));
        oauth.put("storageLabelClaim", string());
        oauth.put("storageQuotaClaim", string());
        oauth.put("roleClaim", string());
        oauth.put("defaultStorageQuota", nullableNumberAtLeast(0));
        oauth.put("buttonText", string());
        oauth.put("autoRegister", bool());
        oauth.put("autoLaunch", bool());
        oauth.put("mobileOverrideEnabled", bool());
        oauth.put("mobileRedirectUri", appOrWebUrlOrEmpty("Mobile redirect URI must be an empty string or a valid URL",
                "Mobile redirect URI must be an http(s) URL or an app scheme URI such as app.immich:///oauth-callback"));
        oauth.put("endSessionEndpoint", webUrlOrEmpty("endSessionEndpoint must be an empty string or a valid URL",
                "endSessionEndpoint must be an http(s) URL"));
        oauth.put("syncClaimsOnLogin", bool());
        oauth.put("accountManagementUrl", webUrlOrEmpty("Account management URL must be an empty string or a valid URL",
                "Account management URL must be an http(s) URL"));

        Map<String, Rule> passwordLogin = new LinkedHashMap<>();
        passwordLogin.put("enabled", bool());

        Map<String, Map<String, Rule>> sections = new LinkedHashMap<>();
        sections.put("oauth", oauth);
        sections.put("passwordLogin", passwordLogin);
        return sections;
    }

    /** Immich's {@code configBool}: a boolean, or the strings "true"/"false". */
    static Rule bool() {
        return (value, problems) -> {
            if (value.isBoolean()) {
                return value;
            }
            if (value.isTextual() && (value.asText().equals("true") || value.asText().equals("false"))) {
                return BooleanNode.valueOf(Boolean.parseBoolean(value.asText()));
            }
            return fail(problems, expected("boolean", value));
        };
    }

    static Rule string() {
        return (value, problems) -> value.isTextual() ? value : fail(problems, expected("string", value));
    }

    /**
     * {@code ""} or an http(s) URL with a host. What is no URL at all gets {@code message} (zod's {@code z.url()} text); any
     * other URL ({@code javascript:}, {@code data:}, {@code file:}, ...) gets {@code schemeMessage}: these values end up as
     * links, redirects and fetches.
     */
    static Rule webUrlOrEmpty(String message, String schemeMessage) {
        return (value, problems) -> {
            if (!value.isTextual()) {
                return fail(problems, expected("string", value));
            }
            String text = value.asText();
            if (text.isEmpty() || isWebUrl(text)) {
                return value;
            }
            return fail(problems, isUrl(text) ? schemeMessage : message);
        };
    }

    /**
     * {@code ""}, an http(s) URL, or an app's private-use scheme (RFC 8252 §7.1: a reverse domain name, so it contains a dot,
     * e.g. {@code app.immich:///oauth-callback}); never {@code javascript:}, {@code data:} and the like.
     */
    static Rule appOrWebUrlOrEmpty(String message, String schemeMessage) {
        return (value, problems) -> {
            if (!value.isTextual()) {
                return fail(problems, expected("string", value));
            }
            String text = value.asText();
            if (text.isEmpty() || isWebUrl(text) || isAppUrl(text)) {
                return value;
            }
            return fail(problems, isUrl(text) ? schemeMessage : message);
        };
    }

    static Rule oneOf(List<String> options) {
        String expected = options.stream().map(o -> "\"" + o + "\"").collect(Collectors.joining("|"));
        return (value, problems) -> value.isTextual() && options.contains(value.asText())
                ? value : fail(problems, "Invalid option: expected one of " + expected);
    }

    static Rule intAtLeast(int min) {
        return (value, problems) -> {
            if (!value.isNumber() || !isWhole(value)) {
                return fail(problems, expected("int", value));
            }
            if (value.asDouble() < min) {
                return fail(problems, "Too small: expected number to be >=" + min);
            }
            if (value.asDouble() > Integer.MAX_VALUE) {
                return fail(problems, "Too big: expected int to be <=" + Integer.MAX_VALUE);
            }
            return IntNode.valueOf(value.asInt());
        };
    }

    static Rule nullableNumberAtLeast(double min) {
        return (value, problems) -> {
            if (value.isNull()) {
                return NullNode.getInstance();
            }
            if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
                return fail(problems, expected("number", value));
            }
            if (value.asDouble() < min) {
                return fail(problems, "Too small: expected number to be >=" + (min == Math.rint(min) ? String.valueOf((long) min) : min));
            }
            return DoubleNode.valueOf(value.asDouble());
        };
    }

    static String expected(String type, JsonNode value) {
        return JsonBody.expected(type, value);
    }

    static String typeName(JsonNode value) {
        return JsonBody.typeName(value);
    }

    static boolean isUrl(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null) {
                return false;
            }
            boolean web = uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https");
            return !web || (uri.getHost() != null && !uri.getHost().isEmpty());
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** An absolute http or https URL with a host. */
    static boolean isWebUrl(String text) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme();
            return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isAppUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.getScheme() != null && uri.getScheme().contains(".");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isWhole(JsonNode value) {
        return value.isIntegralNumber() || (Double.isFinite(value.asDouble()) && value.asDouble() == Math.rint(value.asDouble()));
    }

    private static JsonNode fail(List<String> problems, String message) {
        problems.add(message);
        return null;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return List.copyOf(all);
    }
}
