package dev.immichkeycloak.adapter.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.AdapterApp;
import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.AdapterServices;
import dev.immichkeycloak.adapter.api.Json;
import dev.immichkeycloak.adapter.config.AdapterSettings;
import dev.immichkeycloak.adapter.session.AuthType;
import dev.immichkeycloak.adapter.user.User;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The adapter started on a free port with a real H2 file database in {@code dataDir}, and a JDK HTTP client (no cookie jar,
 * no redirects) to call it. Reuse it in any API test: {@code try (TestApp app = TestApp.start(tempDir)) { ... }}.
 */
public final class TestApp implements AutoCloseable {

    public static final String ADMIN_EMAIL = "admin@example.com";
    public static final String ADMIN_PASSWORD = "admin-password";

    private final AdapterServices services;
    private final Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = Json.newMapper();

    private TestApp(AdapterServices services, Javalin app) {
        this.services = services;
        this.app = app;
    }

    public static TestApp start(Path dataDir) {
        return start(dataDir, Map.of(), AdapterExtensions.none());
    }

    /** {@code env} adds to or overrides the environment (e.g. {@code IMMICH_CONFIG_FILE}); the data folder is always {@code dataDir}. */
    public static TestApp start(Path dataDir, Map<String, String> env, AdapterExtensions extensions) {
        return start(dataDir, env, services -> extensions);
    }

    /**
     * As above, with the extensions built from the services (the OAuth part needs them). {@code IMMICH_PORT} in {@code env}
     * picks the port (default: any free one).
     */
    public static TestApp start(Path dataDir, Map<String, String> env, Function<AdapterServices, AdapterExtensions> extensions) {
        return start(dataDir, env, extensions, Clock.systemUTC());
    }

    /** As above, on {@code clock} (e.g. a MutableClock, for expiries and login throttling). */
    public static TestApp start(Path dataDir, Map<String, String> env, Function<AdapterServices, AdapterExtensions> extensions,
                                Clock clock) {
        Map<String, String> all = new HashMap<>(env);
        all.put("IMMICH_DATA", dataDir.toString());
        all.putIfAbsent("IMMICH_HOST", "127.0.0.1");
        all.putIfAbsent("IMMICH_PORT", "0");
        AdapterSettings settings = AdapterSettings.fromEnv(all);
        AdapterServices services = AdapterServices.open(settings, clock);
        try {
            Javalin app = AdapterApp.create(services, extensions.apply(services)).start(settings.host(), settings.port());
            return new TestApp(services, app);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
    }

    public AdapterServices services() {
        return services;
    }

    public int port() {
        return app.port();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + app.port() + path);
    }

    public ApiResponse get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public ApiResponse post(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    public ApiResponse put(String path, String json, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public ApiResponse send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new ApiResponse(response, mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        return builder;
    }

    /** Signs up the first admin and logs in; returns the admin's access token. */
    public String signUpAdminAndLogin() {
        post("/api/auth/admin-sign-up", json(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD, "name", "Admin")))
                .expectStatus(201);
        return login(ADMIN_EMAIL, ADMIN_PASSWORD);
    }

    /** Signs up the first admin and opens a session directly (works with password login disabled); returns its token. */
    public String signUpAdminWithSession() {
        post("/api/auth/admin-sign-up", json(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD, "name", "Admin")))
                .expectStatus(201);
        User admin = services.users().findByEmail(ADMIN_EMAIL).orElseThrow();
        return services.sessions().create(admin, AuthType.PASSWORD, null, null, "test").token();
    }

    /** Creates a non-admin user through the admin API and logs them in; returns their access token. */
    public String createUserAndLogin(String adminToken, String email, String password) {
        post("/api/admin/users", json(Map.of("email", email, "password", password, "name", "User " + email)), bearer(adminToken))
                .expectStatus(201);
        return login(email, password);
    }

    public String login(String email, String password) {
        return post("/api/auth/login", json(Map.of("email", email, "password", password))).expectStatus(201).json()
                .get("accessToken").asText();
    }

    public static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    public String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode tree(Object value) {
        return mapper.valueToTree(value);
    }

    /** Stops the server and closes the pool, as a shutdown does. */
    @Override
    public void close() {
        app.stop();
        services.close();
    }
}
