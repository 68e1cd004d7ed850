package dev.immichkeycloak.adapter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.adapter.AdapterApp;
import dev.immichkeycloak.adapter.AdapterServices;
import dev.immichkeycloak.adapter.api.Json;
import dev.immichkeycloak.adapter.config.AdapterSettings;
import dev.immichkeycloak.adapter.oidc.OAuthModule;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.testing.KeycloakBrowser;
import dev.immichkeycloak.testing.KeycloakServer;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The adapter as a user runs it, in front of the fixture's real Keycloak: started on a free port (its public URL) with a real
 * H2 file database, its first admin signed up, and OAuth configured through {@code PUT /api/system-config}. It gets a client of
 * its own in realm {@code immich}: a copy of the bundled {@code immich} client (PKCE S256, its default scopes and its Immich claims
 * mapper, back-channel logout with session) whose redirect, post-logout and back-channel URLs point at this adapter, so
 * tests never disturb each other's clients. The client is deleted on {@link #close()}.
 */
public final class KeycloakAdapterApp implements AutoCloseable {

    public static final String ADMIN_EMAIL = "admin@example.com";
    public static final String ADMIN_PASSWORD = "admin-password";
    /** The client whose settings every test client copies. */
    public static final String BUNDLED_CLIENT = "immich";

    private final KeycloakServer keycloak;
    private final AdapterServices services;
    private final Javalin app;
    private final String publicUrl;
    private final String clientId;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper mapper = Json.newMapper();
    private final AdapterBrowser admin;

    private KeycloakAdapterApp(KeycloakServer keycloak, AdapterServices services, Javalin app, String publicUrl, String clientId) {
        this.keycloak = keycloak;
        this.services = services;
        this.app = app;
        this.publicUrl = publicUrl;
        this.clientId = clientId;
        this.admin = browser();
    }

    /** Starts the adapter, creates its Keycloak client, signs up the admin and enables OAuth against {@code keycloak}. */
    public static KeycloakAdapterApp start(Path dataDir, KeycloakServer keycloak) {
        int port = freePort();
        String publicUrl = "http://127.0.0.1:" + port;
        AdapterSettings settings = AdapterSettings.fromEnv(Map.of("IMMICH_DATA", dataDir.toString(), "IMMICH_HOST", "127.0.0.1",
                "IMMICH_PORT", String.valueOf(port), "IMMICH_PUBLIC_URL", publicUrl));
        AdapterServices services = AdapterServices.open(settings, Clock.systemUTC());
        Javalin app;
        try {
            app = AdapterApp.create(services, OAuthModule.extensions(services)).start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        String clientId = "immich-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        KeycloakAdapterApp adapter = new KeycloakAdapterApp(keycloak, services, app, publicUrl, clientId);
        try {
            adapter.createClient();
            adapter.signUpAdmin();
            adapter.configureOAuth(oauth -> oauth
                    .put("enabled", true)
                    .put("issuerUrl", keycloak.issuer())
                    .put("clientId", clientId)
                    .put("clientSecret", keycloak.clientSecret(clientId))
                    .put("allowInsecureRequests", true)
                    .put("timeout", 10_000));
            return adapter;
        } catch (RuntimeException | AssertionError e) {
            adapter.close();
            throw e;
        }
    }

    /** {@code base} with a random suffix: Keycloak users and groups of one test never meet another test's. */
    public static String unique(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public AdapterServices services() {
        return services;
    }

    /** {@code http://127.0.0.1:<port>}: what {@code IMMICH_PUBLIC_URL} is, and where the adapter listens. */
    public String publicUrl() {
        return publicUrl;
    }

    /** This adapter's client in realm {@code immich}. */
    public String clientId() {
        return clientId;
    }

    /** A new browser at the adapter, with no cookies. */
    public AdapterBrowser browser() {
        return new AdapterBrowser(http, URI.create(publicUrl), mapper);
    }

    /** The admin's browser (signed in with a password). */
    public AdapterBrowser admin() {
        return admin;
    }

    /** Reads the system config as the admin, lets {@code change} edit its {@code oauth} section, and saves it; 200 required. */
    public JsonNode configureOAuth(Consumer<ObjectNode> change) {
        ObjectNode config = (ObjectNode) admin.get("/api/system-config").expectStatus(200).json();
        change.accept((ObjectNode) config.get("oauth"));
        return admin.putJson("/api/system-config", config.toString()).expectStatus(200).json();
    }

    /** A local password user created by the admin ({@code POST /api/admin/users}); returns the user JSON. */
    public JsonNode createLocalUser(String email, String password) {
        return admin.postJson("/api/admin/users", Map.of("email", email, "password", password, "name", "Local " + email))
                .expectStatus(201).json();
    }

    /** {@code POST /api/oauth/authorize} from {@code browser}; returns Keycloak's authorization URL. */
    public URI authorize(AdapterBrowser browser, Object body) {
        ApiResponse response = browser.postJson("/api/oauth/authorize", body).expectStatus(201);
        return URI.create(response.json().get("url").asText());
    }

    /**
     * The web login as Immich's web client does it: authorize with {@code <public URL>/auth/login}, Keycloak's login form in
     * {@code keycloakBrowser}, and the callback with {@code browser}'s state and verifier cookies. Returns the callback's answer.
     */
    public ApiResponse webLogin(AdapterBrowser browser, KeycloakBrowser keycloakBrowser, String username, String password) {
        URI authorization = authorize(browser, Map.of("redirectUri", publicUrl + "/auth/login"));
        URI callback = keycloakBrowser.authorize(authorization, username, password);
        return browser.postJson("/api/oauth/callback", Map.of("url", callback.toString()));
    }

    /** {@link #webLogin} in a new adapter browser and a new Keycloak browser; the callback must answer 201. */
    public AdapterBrowser loggedIn(String username, String password) {
        AdapterBrowser browser = browser();
        webLogin(browser, keycloak.browser(), username, password).expectStatus(201);
        return browser;
    }

    @Override
    public void close() {
        try {
            app.stop();
            services.close();
        } finally {
            keycloak.admin().deleteClient(clientId);
        }
    }

    private void createClient() {
        registerClient(keycloak, clientId, publicUrl, List.of());
    }

    /**
     * Creates client {@code clientId} in realm {@code immich} as a copy of the bundled client (with its mapper), for an adapter
     * at {@code publicUrl} that users may also reach at {@code otherOrigins}: every origin's redirect URIs are registered.
     */
    public static void registerClient(KeycloakServer keycloak, String clientId, String publicUrl, List<String> otherOrigins) {
        ObjectNode client = keycloak.admin().client(BUNDLED_CLIENT);
        client.remove("id");
        // The copy gets mappers of its own: the bundled client's mapper ids would clash.
        client.path("protocolMappers").forEach(mapper -> ((ObjectNode) mapper).remove("id"));
        client.put("clientId", clientId).put("name", "Immich e2e " + publicUrl).put("secret", UUID.randomUUID().toString());
        ArrayNode redirectUris = client.putArray("redirectUris");
        for (String origin : concat(publicUrl, otherOrigins)) {
            redirectUris.add(origin + "/auth/login").add(origin + "/user-settings");
        }
        redirectUris.add(publicUrl + "/api/oauth/mobile-redirect").add("app.immich:///oauth-callback");
        ObjectNode attributes = (ObjectNode) client.get("attributes");
        attributes.put("post.logout.redirect.uris", publicUrl + "/auth/login?autoLaunch=0");
        attributes.put("backchannel.logout.url", publicUrl + "/api/oauth/backchannel-logout");
        keycloak.admin().createClient(client);
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    private void signUpAdmin() {
        admin.postJson("/api/auth/admin-sign-up", Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD, "name", "Admin"))
                .expectStatus(201);
        admin.postJson("/api/auth/login", Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD)).expectStatus(201);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
