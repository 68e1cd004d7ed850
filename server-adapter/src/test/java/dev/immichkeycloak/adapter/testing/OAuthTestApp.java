package dev.immichkeycloak.adapter.testing;

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
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

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

    private final boolean ownsProvider;

    private OAuthTestApp(FakeOpenIdProvider provider, AdapterServices services, Javalin app, boolean ownsProvider) {
        this.provider = provider;
        this.services = services;
        this.app = app;
        this.ownsProvider = ownsProvider;
    }

    /** Starts a fake provider and the adapter, with OAuth enabled and pointing at the provider. */
    public static OAuthTestApp start(Path dataDir) {
        return start(dataDir, Map.of(), null);
    }

    /**
     * With {@code env} added (e.g. {@code DB_URL} of a shared PostgreSQL database). Without {@code sharedProvider} it starts its
     * own provider and enables OAuth at it; with one it is a further instance: it reads the settings the first one stored and
     * leaves the provider open when it closes.
     */
    public static OAuthTestApp start(Path dataDir, Map<String, String> env, FakeOpenIdProvider sharedProvider) {
        FakeOpenIdProvider provider = sharedProvider != null ? sharedProvider : FakeOpenIdProvider.start();
        Map<String, String> all = new java.util.HashMap<>(Map.of("IMMICH_DATA", dataDir.toString(), "IMMICH_HOST", "127.0.0.1",
                "IMMICH_PORT", "0", "IMMICH_PUBLIC_URL", PUBLIC_URL));
        all.putAll(env);
        AdapterSettings settings = AdapterSettings.fromEnv(all);
        AdapterServices services = AdapterServices.open(settings, Clock.systemUTC());
        Javalin app = AdapterApp.create(services, OAuthModule.extensions(services)).start("127.0.0.1", 0);
        OAuthTestApp testApp = new OAuthTestApp(provider, services, app, sharedProvider == null);
        if (sharedProvider == null) {
            testApp.configure(OAuthConfigBuilder.forProvider(provider).build());
        }
        return testApp;
    }

    public int port() {
        return app.port();
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
        if (ownsProvider) {
            provider.close();
        }
    }

    /** An {@link AdapterBrowser} that can also walk through the fake provider. */
    public final class Browser extends AdapterBrowser {

        private Browser() {
            super(http, URI.create("http://127.0.0.1:" + app.port()), mapper);
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
    }
}
