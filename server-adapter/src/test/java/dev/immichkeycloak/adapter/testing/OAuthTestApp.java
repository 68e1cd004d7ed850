package dev.immichkeycloak.adapter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.AdapterApp;
import dev.immichkeycloak.adapter.AdapterServices;
import dev.immichkeycloak.adapter.api.Json;
import dev.immichkeycloak.adapter.config.AdapterSettings;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.config.PasswordLoginConfig;
import dev.immichkeycloak.adapter.config.SystemConfig;
import dev.immichkeycloak.adapter.oidc.OAuthModule;
import dev.immichkeycloak.adapter.session.AuthType;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.user.NewUser;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The whole adapter with its OAuth part, started on a free port against a {@link FakeOpenIdProvider}, with a real H2
 * file database. {@link Browser}s keep their own cookies, so a test can be one browser or several.
 */
public final class OAuthTestApp implements AutoCloseable {

    public static final String PUBLIC_URL = "https://photos.example";

    public final FakeOpenIdProvider provider;
    private final AdapterServices services;
    private final Javalin app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper mapper = Json.newMapper();

    private OAuthTestApp(FakeOpenIdProvider provider, AdapterServices services, Javalin app) {
        this.provider = provider;
        this.services = services;
        this.app = app;
    }

    /** Starts a fake provider and the adapter, with OAuth enabled and pointing at the provider. */
    public static OAuthTestApp start(Path dataDir) {
        FakeOpenIdProvider provider = FakeOpenIdProvider.start();
        AdapterSettings settings = AdapterSettings.fromEnv(Map.of("IMMICH_DATA", dataDir.toString(), "IMMICH_HOST", "127.0.0.1",
                "IMMICH_PORT", "0", "IMMICH_PUBLIC_URL", PUBLIC_URL));
        AdapterServices services = AdapterServices.open(settings, Clock.systemUTC());
        Javalin app = AdapterApp.create(services, OAuthModule.extensions(services)).start("127.0.0.1", 0);
        OAuthTestApp testApp = new OAuthTestApp(provider, services, app);
        testApp.configure(OAuthConfigBuilder.forProvider(provider).build());
        return testApp;
    }

    public AdapterServices services() {
        return services;
    }

    public OAuthConfigBuilder config() {
        return OAuthConfigBuilder.from(services.systemConfig().get().oauth());
    }

    public void configure(OAuthConfig config) {
        services.systemConfig().update(new SystemConfig(config, PasswordLoginConfig.defaults()));
    }

    public void configure(java.util.function.Consumer<OAuthConfigBuilder> change) {
        configure(config().with(change).build());
    }

    public Browser browser() {
        return new Browser();
    }

    /** An admin created directly in the database, so OAuth users may register (Immich's first-user rule). */
    public User createAdmin() {
        return services.users().insert(NewUser.local("admin@example.com", "Admin", null, "admin", null, true, false));
    }

    public User createLocalUser(String email) {
        return services.users().insert(NewUser.local(email, "Local " + email, null, null, null, false, false));
    }

    /** A session for {@code user}, as a password login would create; returns the token. */
    public String sessionFor(User user) {
        return services.sessions().create(user, AuthType.PASSWORD, null, null, "test").token();
    }

    public String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
        services.close();
        provider.close();
    }

    /** A client with a cookie jar (name → value); Set-Cookie headers update it, cleared cookies leave it. */
    public final class Browser {

        private final Map<String, String> cookies = new LinkedHashMap<>();

        public Map<String, String> cookies() {
            return cookies;
        }

        public ApiResponse get(String path) {
            return send(request(path).GET());
        }

        public ApiResponse postJson(String path, Object body, String... headers) {
            String json = body instanceof String text ? text : OAuthTestApp.this.json(body);
            return send(request(path, headers).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        public ApiResponse postForm(String path, String form, String... headers) {
            return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        /** authorize → the provider's authorize page → the callback URL the provider redirects to. */
        public String authorizeAtProvider(String redirectUri) {
            ApiResponse authorize = postJson("/api/oauth/authorize", Map.of("redirectUri", redirectUri)).expectStatus(201);
            return provider.authorize(URI.create(authorize.json().get("url").asText()));
        }

        /** The whole web login: authorize, the provider, and the callback with the cookies. */
        public ApiResponse webLogin() {
            String callbackUrl = authorizeAtProvider("https://photos.example/auth/login");
            return postJson("/api/oauth/callback", Map.of("url", callbackUrl));
        }

        public String accessToken() {
            return cookies.get("immich_access_token");
        }

        public JsonNode me() {
            return get("/api/users/me").expectStatus(200).json();
        }

        private HttpRequest.Builder request(String path, String... headers) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
            if (headers.length > 0) {
                builder.headers(headers);
            }
            if (!cookies.isEmpty()) {
                builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            return builder;
        }

        private ApiResponse send(HttpRequest.Builder request) {
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                List<String> setCookies = response.headers().allValues("Set-Cookie");
                for (String setCookie : setCookies) {
                    String pair = setCookie.split(";", 2)[0];
                    String name = pair.substring(0, pair.indexOf('='));
                    String value = pair.substring(pair.indexOf('=') + 1);
                    if (value.isEmpty() || setCookie.contains("Expires=Thu, 01 Jan 1970")) {
                        cookies.remove(name);
                    } else {
                        cookies.put(name, value);
                    }
                }
                return new ApiResponse(response, mapper);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
