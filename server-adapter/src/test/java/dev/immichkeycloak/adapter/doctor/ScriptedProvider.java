package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.minidev.json.JSONObject;

/**
 * A tiny scripted OpenID provider for the doctor's unit tests (JDK HttpServer on a random loopback port). By default it
 * answers like a correctly set-up Keycloak realm; each test changes one thing (metadata, keys, client, redirect URIs).
 */
final class ScriptedProvider implements AutoCloseable {

    static final String SECRET = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t";
    /** Generated once: RSA key generation dominates the test time otherwise. Immutable (a public JWK). */
    static final JWK RS256_KEY = rsaKey(JWSAlgorithm.RS256);

    final Map<String, Object> metadata = new LinkedHashMap<>();
    final Set<String> redirectUris = new HashSet<>();
    String clientId = "immich";
    String clientSecret = SECRET;
    JWKSet jwks;
    int discoveryStatus = 200;
    String discoveryBody;
    /** When set, the authorization endpoint redirects back with this error instead of showing the login page. */
    String authorizationError;
    /** The error for bad client credentials: Keycloak 26 answers 401 unauthorized_client; RFC 6749 says invalid_client. */
    String badClientError = "unauthorized_client";
    int badClientStatus = 401;
    /** The error for a good client and the made-up code: invalid_grant, or unauthorized_client when the code flow is off. */
    String grantError = "invalid_grant";
    /** When true, the token endpoint issues tokens for any code (a broken provider). */
    boolean acceptsAnyCode;
    /** The form or header values of the last token request, for assertions on client authentication. */
    volatile String lastTokenAuthorization;
    volatile Map<String, List<String>> lastTokenForm;
    /** Every request this provider answered (or began to answer). */
    final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    /** The Accept header of the last request to each endpoint (discovery, certs, token, auth); "(none)" when absent. */
    final Map<String, String> acceptHeaders = new java.util.concurrent.ConcurrentHashMap<>();
    /** The redirect_uri of every authorization request, in order. */
    final List<String> authorizeRedirectUris = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** When the token endpoint answers its errors as an HTML page instead of JSON. */
    enum HtmlErrors { NEVER, UNLESS_JSON_ACCEPTED, ALWAYS }

    /** UNLESS_JSON_ACCEPTED: as node oidc-provider, whose error page wins unless the request prefers JSON. */
    HtmlErrors htmlTokenErrors = HtmlErrors.NEVER;
    /**
     * When set, the authorization endpoint behaves like Spring Authorization Server for a signed-out browser: a 302 to its
     * {@code /login;jsessionid=<this>} page with a {@code JSESSIONID} cookie, before it looks at client or redirect URI.
     */
    String loginFirstSessionId;

    private final HttpServer server;

    private ScriptedProvider(boolean keycloakPaths) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            jwks = new JWKSet(List.of(RS256_KEY));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        String issuer = base + (keycloakPaths ? "/realms/test" : "/oidc");
        String protocol = keycloakPaths ? issuer + "/protocol/openid-connect" : issuer;
        metadata.put("issuer", issuer);
        metadata.put("authorization_endpoint", protocol + "/auth");
        metadata.put("token_endpoint", protocol + "/token");
        metadata.put("jwks_uri", protocol + "/certs");
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("RS256", "PS256", "ES256", "HS256", "HS512"));
        metadata.put("code_challenge_methods_supported", List.of("plain", "S256"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        metadata.put("authorization_response_iss_parameter_supported", true);
        server.createContext(java.net.URI.create(issuer).getPath() + dev.immichkeycloak.adapter.oidc.IssuerUrl.WELL_KNOWN, this::discovery);
        server.createContext(java.net.URI.create(protocol).getPath() + "/auth", this::authorize);
        server.createContext(java.net.URI.create(protocol).getPath() + "/token", this::token);
        server.createContext(java.net.URI.create(protocol).getPath() + "/certs", this::certs);
        if (keycloakPaths) {
            // A Keycloak realm's account console, which the doctor checks as the "Manage your account" page.
            server.createContext(java.net.URI.create(issuer).getPath() + "/account",
                    exchange -> respond(exchange, 200, "text/html", "<html><body>Account console</body></html>"));
        }
        server.start();
    }

    /** A provider with Keycloak's endpoint layout ({@code /realms/test/protocol/openid-connect/...}). */
    static ScriptedProvider keycloakLike() {
        return new ScriptedProvider(true);
    }

    /** A provider with a neutral layout, which the doctor must not take for Keycloak. */
    static ScriptedProvider generic() {
        return new ScriptedProvider(false);
    }

    static JWK rsaKey(JWSAlgorithm algorithm) {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).keyID("kid-" + algorithm).generate().toPublicJWK();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String issuer() {
        return (String) metadata.get("issuer");
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers the adapter's redirect URIs for {@code publicUrl}, like the bundled realm does. */
    ScriptedProvider registerAdapter(String publicUrl) {
        redirectUris.addAll(List.of(publicUrl + "/auth/login", publicUrl + "/user-settings", publicUrl + "/api/oauth/mobile-redirect",
                "app.immich:///oauth-callback"));
        return this;
    }

    private void recordAccept(String endpoint, HttpExchange exchange) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        acceptHeaders.put(endpoint, accept == null ? "(none)" : accept);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        recordAccept("discovery", exchange);
        String body = discoveryBody != null ? discoveryBody : new JSONObject(metadata).toJSONString();
        respond(exchange, discoveryStatus, "application/json", body);
    }

    private void certs(HttpExchange exchange) throws IOException {
        recordAccept("certs", exchange);
        respond(exchange, 200, "application/json", jwks.toString(true));
    }

    private void authorize(HttpExchange exchange) throws IOException {
        recordAccept("auth", exchange);
        Map<String, List<String>> query = URLUtils.parseParameters(exchange.getRequestURI().getRawQuery());
        String redirectUri = first(query, "redirect_uri");
        authorizeRedirectUris.add(redirectUri);
        if (loginFirstSessionId != null) {
            exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=" + loginFirstSessionId + "; Path=/; HttpOnly");
            exchange.getResponseHeaders().add("Location", base() + "/login;jsessionid=" + loginFirstSessionId);
            respond(exchange, 302, "text/plain", "");
        } else if (!clientId.equals(first(query, "client_id"))) {
            respond(exchange, 400, "text/html", errorPage("Client not found."));
        } else if (!redirectUris.contains(redirectUri)) {
            respond(exchange, 400, "text/html", errorPage("Invalid parameter: redirect_uri"));
        } else if (!"S256".equals(first(query, "code_challenge_method")) || first(query, "nonce") == null || first(query, "state") == null) {
            respond(exchange, 400, "text/html", errorPage("Missing parameter: code_challenge_method"));
        } else if (authorizationError != null) {
            exchange.getResponseHeaders().add("Location", redirectUri + "?error=" + authorizationError
                    + "&error_description=" + URLEncoder.encode("Client is not allowed\r\nto do that", StandardCharsets.UTF_8)
                    + "&state=" + first(query, "state"));
            respond(exchange, 302, "text/plain", "");
        } else {
            respond(exchange, 200, "text/html", "<html><body><form id=\"kc-form-login\">Sign in</form></body></html>");
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        recordAccept("token", exchange);
        Map<String, List<String>> form = URLUtils.parseParameters(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        lastTokenForm = form;
        lastTokenAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        String id = first(form, "client_id");
        String secret = first(form, "client_secret");
        if (lastTokenAuthorization != null && lastTokenAuthorization.startsWith("Basic ")) {
            String[] pair = new String(Base64.getDecoder().decode(lastTokenAuthorization.substring(6)), StandardCharsets.UTF_8).split(":", 2);
            id = URLUtils.parseParameters("v=" + pair[0]).get("v").get(0);
            secret = URLUtils.parseParameters("v=" + pair[1]).get("v").get(0);
        }
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        boolean html = htmlTokenErrors == HtmlErrors.ALWAYS
                || (htmlTokenErrors == HtmlErrors.UNLESS_JSON_ACCEPTED && (accept == null || !accept.startsWith("application/json")));
        if (html && !acceptsAnyCode) {
            boolean badClient = !clientId.equals(id) || !clientSecret.equals(secret);
            respond(exchange, badClient ? 401 : 400, "text/html", errorPage(badClient ? "invalid_client" : grantError));
        } else if (!clientId.equals(id) || !clientSecret.equals(secret)) {
            respond(exchange, badClientStatus, "application/json", "{\"error\":\"" + badClientError
                    + "\",\"error_description\":\"Invalid client or Invalid client credentials\"}");
        } else if (acceptsAnyCode) {
            respond(exchange, 200, "application/json", "{\"access_token\":\"at\",\"token_type\":\"Bearer\",\"expires_in\":60}");
        } else {
            respond(exchange, 400, "application/json", "{\"error\":\"" + grantError + "\",\"error_description\":\"Code not valid\"}");
        }
    }

    private static String errorPage(String message) {
        return "<html><head><title>Sign in to test</title></head><body><div id=\"kc-error-message\">"
                + "<p class=\"instruction\">" + message + "</p></div></body></html>";
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        requests.incrementAndGet();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
