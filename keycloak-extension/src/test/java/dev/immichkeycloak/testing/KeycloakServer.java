package dev.immichkeycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * A real Keycloak with the {@code immich} realm and the provider jar, shared by every test of one JVM (see {@link KeycloakExtension}):
 * URLs, an admin token, an admin REST helper and a browser-less authorization-code login.
 */
public final class KeycloakServer implements AutoCloseable {

    /** The realm that {@code realm-export/immich-realm.json} creates. */
    public static final String REALM = "immich";

    private final KeycloakBackend backend;
    private final FixtureSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final KeycloakAdmin admin;
    private final AuthorizationCodeLogin login;
    private final Duration startupTime;
    private CachedToken adminToken;

    private KeycloakServer(KeycloakBackend backend, FixtureSettings settings, Duration startupTime) {
        this.backend = backend;
        this.settings = settings;
        this.startupTime = startupTime;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        this.admin = new KeycloakAdmin(http, json, backend.baseUrl(), REALM, this::adminToken);
        this.login = new AuthorizationCodeLogin(http, json, issuer());
    }

    /**
     * Starts Keycloak in a container when Docker answers, else as a local process, imports the realm, then applies the extra
     * partial imports. Tests get the shared instance through {@link KeycloakExtension} instead of calling this.
     */
    public static KeycloakServer start(FixtureSettings settings) {
        Instant begin = Instant.now();
        KeycloakBackend backend = testcontainersPresent() && ContainerKeycloak.dockerAvailable()
                ? ContainerKeycloak.start(settings)
                : LocalKeycloakProcess.start(settings, REALM);
        KeycloakServer server = new KeycloakServer(backend, settings, Duration.between(begin, Instant.now()));
        try {
            settings.extraImports().forEach(server.admin()::partialImport);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        System.err.printf("[keycloak-fixture] Keycloak %s: %s ready in %.1f s%n", settings.keycloakVersion(), backend.description(),
                server.startupTime.toMillis() / 1000.0);
        return server;
    }

    /** The server root, e.g. {@code http://localhost:41234}. */
    public URI baseUrl() {
        return backend.baseUrl();
    }

    /** {@code http://localhost:<port>/realms/immich}: the exact {@code iss} of every token. */
    public String issuer() {
        return baseUrl() + "/realms/" + REALM;
    }

    /** The OpenID discovery URL of the {@code immich} realm. */
    public URI discoveryUrl() {
        return URI.create(issuer() + "/.well-known/openid-configuration");
    }

    /** The Keycloak version under test ({@code keycloak.version}; the folder name of the distribution when the property is unset). */
    public String version() {
        return settings.keycloakVersion();
    }

    /** How long the start took (process start to ready, realm imported). */
    public Duration startupTime() {
        return startupTime;
    }

    /** Everything Keycloak has logged so far, however it runs (local process or container). */
    public String log() {
        return backend.log();
    }

    /** An HTTP client that does not follow redirects, for tests that talk to Keycloak themselves. */
    public HttpClient http() {
        return http;
    }

    /** A master-realm admin access token (password grant on {@code admin-cli}), reused until shortly before it expires. */
    public synchronized String adminToken() {
        if (adminToken == null || Instant.now().isAfter(adminToken.renewAfter())) {
            adminToken = requestAdminToken();
        }
        return adminToken.value();
    }

    /** The admin REST helper for the {@code immich} realm. */
    public KeycloakAdmin admin() {
        return admin;
    }

    /** The secret of a confidential client of the {@code immich} realm, read through the admin API. */
    public String clientSecret(String clientId) {
        return admin.clientSecret(clientId);
    }

    /**
     * A full authorization-code login over HTTP (state, nonce, PKCE S256; Keycloak's login form; code exchange; ID token signature,
     * issuer, audience and nonce verified; UserInfo). Throws {@link LoginFailedException} when any step fails.
     */
    public LoginResult login(String clientId, String clientSecret, String redirectUri, String username, String password) {
        return login.login(clientId, clientSecret, URI.create(redirectUri), username, password);
    }

    /** A new browser at this Keycloak, with its own cookies (and so, after a login, its own SSO session). */
    public KeycloakBrowser browser() {
        return new KeycloakBrowser(http, baseUrl());
    }

    /**
     * Follows a relying party's {@code authorizationUrl} through Keycloak's login form in a new browser and returns the final
     * redirect to the client ({@code redirect_uri?code=…&state=…&iss=…}) without fetching it, so the relying party can
     * exchange the code itself. Throws {@link LoginFailedException} when Keycloak does not get there (e.g. wrong password,
     * unknown redirect URI).
     */
    public URI authorizeRedirect(String authorizationUrl, String username, String password) {
        return browser().authorize(URI.create(authorizationUrl), username, password);
    }

    @Override
    public void close() {
        backend.close();
    }

    private CachedToken requestAdminToken() {
        String form = "grant_type=password&client_id=admin-cli&username=" + encode(settings.adminUsername())
                + "&password=" + encode(settings.adminPassword());
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AdminRequestException("POST", "/realms/master/protocol/openid-connect/token", response.statusCode(), response.body());
            }
            JsonNode body = json.readTree(response.body());
            Instant renewAfter = Instant.now().plusSeconds(Math.max(0, body.path("expires_in").asLong(60) - 15));
            return new CachedToken(body.get("access_token").asText(), renewAfter);
        } catch (IOException e) {
            throw new UncheckedIOException("Admin token request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during the admin token request", e);
        }
    }

    private static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, KeycloakServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private record CachedToken(String value, Instant renewAfter) {
    }
}
