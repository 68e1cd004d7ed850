package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URL;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The provider's JWK set, cached for a TTL. On a key the cached set does not have (an unknown {@code kid}), or on a
 * signature that fails with a key it has (a key rotated under the same {@code kid}), it is fetched again once; such forced
 * fetches happen at most once per cool-down (OIDC Core §10.1.1, security.md §2.6). When a fetch fails the last good set
 * stays in use. Only public keys are kept.
 */
public final class JwksCache implements JWKSource<SecurityContext> {

    private static final Logger LOG = LoggerFactory.getLogger(JwksCache.class);

    private final URL jwksUrl;
    private final ResourceRetriever retriever;
    private final Clock clock;
    private final Duration ttl;
    private final Duration cooldown;

    private JWKSet keys;
    private Instant fetchedAt;
    private Instant lastForcedRefresh = Instant.EPOCH;

    public JwksCache(URL jwksUrl, ResourceRetriever retriever, Clock clock, Duration ttl, Duration cooldown) {
        this.jwksUrl = jwksUrl;
        this.retriever = retriever;
        this.clock = clock;
        this.ttl = ttl;
        this.cooldown = cooldown;
    }

    public URL url() {
        return jwksUrl;
    }

    @Override
    public synchronized List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Instant now = clock.instant();
        if (keys == null || !now.isBefore(fetchedAt.plus(ttl))) {
            refresh(now);
        }
        List<JWK> matches = selector.select(keys);
        // An unknown kid: the provider may have rotated its keys since the last fetch.
        if (matches.isEmpty() && forceRefresh(now)) {
            matches = selector.select(keys);
        }
        return matches;
    }

    /**
     * After a signature failed with a cached key: fetches the set again (cool-down permitting) and says whether it changed,
     * i.e. whether verifying again can give another answer.
     */
    public synchronized boolean refreshAfterBadSignature() throws KeySourceException {
        JWKSet before = keys;
        return forceRefresh(clock.instant()) && (before == null || !before.toJSONObject().equals(keys.toJSONObject()));
    }

    /** The cool-down applies between forced refreshes, so a flood of made-up kids or bad signatures costs one request a period. */
    private boolean forceRefresh(Instant now) throws KeySourceException {
        if (now.isBefore(lastForcedRefresh.plus(cooldown))) {
            return false;
        }
        lastForcedRefresh = now;
        refresh(now);
        return true;
    }

    private void refresh(Instant now) throws KeySourceException {
        try {
            String body = retriever.retrieveResource(jwksUrl).getContent();
            keys = JWKSet.parse(body).toPublicJWKSet();
            fetchedAt = now;
        } catch (IOException | ParseException e) {
            if (keys == null) {
                throw new KeySourceException("Cannot fetch the JWK set from " + jwksUrl + ": " + e.getMessage(), e);
            }
            LOG.warn("Cannot refresh the JWK set from {}, keeping the last good set: {}", jwksUrl, e.getMessage());
        }
    }
}
