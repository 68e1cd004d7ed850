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
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.user.NewUser;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole adapter (real H2 file database) in front of the {@link NodeOidcProvider}, with OAuth set to one of its clients:
 * issuer, client ID and secret, the client's auth method and ID token / UserInfo algorithms, http allowed (the provider is on
 * http://127.0.0.1). Its public URL is {@link NodeOidcProvider#PUBLIC_URL}, where the clients' redirect URIs are.
 */
public final class NodeProviderAdapterApp implements AutoCloseable {

    private final NodeOidcProvider provider;
    private final AdapterServices services;
    private final Javalin app;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper mapper = Json.newMapper();

    private NodeProviderAdapterApp(NodeOidcProvider provider, AdapterServices services, Javalin app) {
        this.provider = provider;
        this.services = services;
        this.app = app;
    }

    /** Starts the adapter on {@code dataDir} with OAuth enabled for {@code client}, and an admin (so OAuth users may register). */
    public static NodeProviderAdapterApp start(Path dataDir, NodeOidcProvider provider, NodeOidcProvider.Client client) {
        AdapterSettings settings = AdapterSettings.fromEnv(Map.of("IMMICH_DATA", dataDir.toString(), "IMMICH_HOST", "127.0.0.1",
                "IMMICH_PORT", "0", "IMMICH_PUBLIC_URL", NodeOidcProvider.PUBLIC_URL));
        AdapterServices services = AdapterServices.open(settings, Clock.systemUTC());
        Javalin app;
        try {
            app = AdapterApp.create(services, OAuthModule.extensions(services)).start("127.0.0.1", 0);
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        NodeProviderAdapterApp adapter = new NodeProviderAdapterApp(provider, services, app);
        adapter.configure(config(provider, client).build());
        services.users().insert(NewUser.local("admin@example.com", "Admin", null, "admin", null, true, false));
        return adapter;
    }

    /** The OAuth settings an admin would enter for {@code client} of {@code provider}. */
    public static OAuthConfigBuilder config(NodeOidcProvider provider, NodeOidcProvider.Client client) {
        return OAuthConfigBuilder.defaults().with(c -> {
            c.enabled = true;
            c.issuerUrl = provider.issuer();
            c.clientId = client.id();
            c.clientSecret = client.secret();
            c.tokenEndpointAuthMethod = client.authMethod();
            c.signingAlgorithm = client.idTokenAlg();
            c.profileSigningAlgorithm = client.userInfoAlg() == null ? "none" : client.userInfoAlg();
            c.allowInsecureRequests = true;
            c.timeout = 10_000;
        });
    }

    public AdapterServices services() {
        return services;
    }

    public void configure(OAuthConfig config) {
        services.systemConfig().update(new SystemConfig(config, PasswordLoginConfig.defaults()));
    }

    public void configure(Consumer<OAuthConfigBuilder> change) {
        configure(OAuthConfigBuilder.from(services.systemConfig().get().oauth()).with(change).build());
    }

    /** A new browser at the adapter, with no cookies. */
    public AdapterBrowser browser() {
        return new AdapterBrowser(http, URI.create("http://127.0.0.1:" + app.port()), mapper);
    }

    /** The web login in {@code browser}: authorize, oidc-provider's login and consent, the callback; returns the callback's answer. */
    public ApiResponse webLogin(AdapterBrowser browser) {
        ApiResponse authorize = browser.postJson("/api/oauth/authorize", Map.of("redirectUri", NodeOidcProvider.PUBLIC_URL + "/auth/login"))
                .expectStatus(201);
        URI callback = provider.authorize(URI.create(authorize.json().get("url").asText()));
        return browser.postJson("/api/oauth/callback", Map.of("url", callback.toString()));
    }

    @Override
    public void close() {
        app.stop();
        services.close();
    }
}
