package dev.immichkeycloak.adapter.testing;

import dev.immichkeycloak.adapter.config.AllowedOrigins;
import dev.immichkeycloak.adapter.oidc.AuthorizationRequestFactory;
import dev.immichkeycloak.adapter.oidc.IdTokenVerifier;
import dev.immichkeycloak.adapter.oidc.OidcCallbackProcessor;
import dev.immichkeycloak.adapter.oidc.OidcClient;
import dev.immichkeycloak.adapter.oidc.PendingLoginRepository;
import dev.immichkeycloak.adapter.oidc.ProviderMetadataCache;
import dev.immichkeycloak.adapter.oidc.RedirectUriPolicy;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;

/** The relying-party objects of one test, wired as the adapter wires them, against a fake provider and a real H2 database. */
public final class OidcFixture implements AutoCloseable {

    public final FakeOpenIdProvider provider;
    public final MutableClock clock = new MutableClock();
    public final DataSource dataSource;
    public final ProviderMetadataCache providers;
    public final PendingLoginRepository pendingLogins;
    public final RedirectUriPolicy redirectUris =
            new RedirectUriPolicy(AllowedOrigins.parse(java.net.URI.create("https://photos.example"), ""));
    public final AuthorizationRequestFactory authorizations;
    public final OidcCallbackProcessor callbacks;

    public OidcFixture(Path folder) {
        provider = FakeOpenIdProvider.start();
        dataSource = TestDatabase.migrated(folder);
        providers = new ProviderMetadataCache(clock, ProviderMetadataCache.Settings.defaults());
        pendingLogins = new PendingLoginRepository(dataSource, clock, 1_000, 100);
        authorizations = new AuthorizationRequestFactory(providers, pendingLogins, redirectUris, clock);
        // Token times come from the fake's real clock; the ID token checks use real time too.
        callbacks = new OidcCallbackProcessor(providers, pendingLogins, redirectUris, new OidcClient(),
                new IdTokenVerifier(Clock.systemUTC(), IdTokenVerifier.Settings.defaults()));
    }

    public OAuthConfigBuilder config() {
        return OAuthConfigBuilder.forProvider(provider);
    }

    @Override
    public void close() {
        provider.close();
    }
}
