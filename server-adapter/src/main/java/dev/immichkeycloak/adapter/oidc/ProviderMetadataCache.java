package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;

/**
 * Discovery with a cache: one entry per (issuer URL, insecure-requests flag, timeout), refreshed after a TTL, so a warm
 * login costs no discovery request (spec README §3.12). A config that names another issuer gets its own entry; the
 * others are dropped. When a refresh fails, the last good entry of the same key stays in use. No lock is held while the
 * provider is asked: callers of the same key share one discovery, and nothing else ever waits for a slow provider.
 */
public final class ProviderMetadataCache {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderMetadataCache.class);

    /** Cache settings. Defaults: discovery 15 min, JWKS 10 min, unknown-kid cool-down 30 s (security.md §2.6). */
    public record Settings(Duration discoveryTtl, Duration jwksTtl, Duration jwksCooldown) {
        public static Settings defaults() {
            return new Settings(Duration.ofMinutes(15), Duration.ofMinutes(10), Duration.ofSeconds(30));
        }
    }

    private record Key(String issuerUrl, boolean allowInsecureRequests, int timeout) {
        static Key of(OAuthConfig config) {
            return new Key(Objects.requireNonNullElse(config.issuerUrl(), "").trim(), config.allowInsecureRequests(),
                    config.timeout());
        }
    }

    private record Entry(ProviderMetadata metadata, Instant fetchedAt) {
    }

    private final Clock clock;
    private final Settings settings;
    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    /** One discovery at a time per key: callers who need the same one wait for it; other keys and requests never wait. */
    private final Map<Key, CompletableFuture<ProviderMetadata>> inFlight = new ConcurrentHashMap<>();

    public ProviderMetadataCache(Clock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /** The provider of {@code config}, from the cache or fetched now; failures are {@link OAuthFailure}s. */
    public ProviderMetadata get(OAuthConfig config) {
        Key key = Key.of(config);
        Entry cached = entries.get(key);
        if (cached != null && clock.instant().isBefore(cached.fetchedAt().plus(settings.discoveryTtl()))) {
            return cached.metadata();
        }
        CompletableFuture<ProviderMetadata> mine = new CompletableFuture<>();
        CompletableFuture<ProviderMetadata> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return await(running);
        }
        try {
            mine.complete(refresh(key, cached));
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
        } finally {
            inFlight.remove(key, mine);
        }
        return await(mine);
    }

    /** Forgets everything, e.g. after the OAuth settings were saved. */
    public void clear() {
        entries.clear();
    }

    private ProviderMetadata refresh(Key key, Entry cached) {
        ProviderMetadata fresh;
        try {
            fresh = fetch(key, cached == null ? null : cached.metadata());
        } catch (OAuthFailure failure) {
            if (cached != null) {
                LOG.warn("Discovery refresh for {} failed, keeping the last good metadata: {}", key.issuerUrl(), failure.detail());
                return cached.metadata();
            }
            throw failure;
        }
        // A config names one issuer at a time: entries of other keys are dropped.
        entries.keySet().removeIf(other -> !other.equals(key));
        entries.put(key, new Entry(fresh, clock.instant()));
        return fresh;
    }

    private static ProviderMetadata await(CompletableFuture<ProviderMetadata> discovery) {
        try {
            return discovery.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private ProviderMetadata fetch(Key key, ProviderMetadata previous) {
        IssuerUrl issuerUrl = IssuerUrl.parse(key.issuerUrl());
        ProviderHttp http = new ProviderHttp(Math.max(1, key.timeout()), key.allowInsecureRequests());
        if (!http.isAllowed(issuerUrl.documentUrl())) {
            throw OAuthFailure.discovery("http is not allowed, enable allowInsecureRequests",
                    "refusing http discovery URL " + issuerUrl.documentUrl(), null);
        }
        String body;
        try {
            body = http.retriever().retrieveResource(issuerUrl.documentUrl().toURL()).getContent();
        } catch (SocketTimeoutException e) {
            throw OAuthFailure.discovery("the provider did not answer in time",
                    "timeout fetching " + issuerUrl.documentUrl(), e);
        } catch (IOException e) {
            throw OAuthFailure.discovery("the provider could not be reached or answered with an error",
                    "fetching " + issuerUrl.documentUrl() + ": " + e.getMessage(), e);
        }
        OIDCProviderMetadata document;
        try {
            document = OIDCProviderMetadata.parse(body);
        } catch (ParseException e) {
            throw OAuthFailure.discovery("the provider metadata is invalid",
                    "parsing " + issuerUrl.documentUrl() + ": " + e.getMessage(), e);
        }
        Issuer issuer = document.getIssuer();
        // OIDC Discovery §4.3: the issuer must be identical to the URL the document was derived from.
        if (!issuerUrl.accepts(issuer.getValue())) {
            throw OAuthFailure.discovery("the issuer in the provider metadata does not match the issuer URL",
                    "metadata issuer " + issuer + " is not one of " + issuerUrl.acceptedIssuers(), null);
        }
        requireAllowed(http, "authorization_endpoint", document.getAuthorizationEndpointURI(), true);
        requireAllowed(http, "token_endpoint", document.getTokenEndpointURI(), true);
        requireAllowed(http, "jwks_uri", document.getJWKSetURI(), true);
        requireAllowed(http, "userinfo_endpoint", document.getUserInfoEndpointURI(), false);
        requireAllowed(http, "end_session_endpoint", document.getEndSessionEndpointURI(), false);

        JwksCache keys = previous != null && previous.keys().url().toString().equals(document.getJWKSetURI().toString())
                && previous.http().equals(http)
                ? previous.keys()
                : newJwksCache(document.getJWKSetURI(), http);
        return new ProviderMetadata(issuer, document.getAuthorizationEndpointURI(), document.getTokenEndpointURI(),
                document.getUserInfoEndpointURI(), document.getEndSessionEndpointURI(),
                document.supportsAuthorizationResponseIssuerParam(), document, keys, http);
    }

    private JwksCache newJwksCache(URI jwksUri, ProviderHttp http) {
        try {
            return new JwksCache(jwksUri.toURL(), http.retriever(), clock, settings.jwksTtl(), settings.jwksCooldown());
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw OAuthFailure.discovery("the provider metadata is invalid", "bad jwks_uri " + jwksUri, e);
        }
    }

    private static void requireAllowed(ProviderHttp http, String name, URI endpoint, boolean required) {
        if (endpoint == null) {
            if (required) {
                throw OAuthFailure.discovery("the provider metadata is invalid", "metadata has no " + name, null);
            }
            return;
        }
        if (!http.isAllowed(endpoint)) {
            throw OAuthFailure.discovery("http is not allowed, enable allowInsecureRequests",
                    name + " " + endpoint + " is not https", null);
        }
    }
}
