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
 * The provider's JWK set, cached for a TTL. On a key the cached set does not have (an unknown {@code kid}) it is
 * fetched again once, and such forced fetches happen at most once per cool-down (OIDC Core §10.1.1, security.md §2.6); when a fetch fails the last
 * good set stays in use. Only public keys are kept.
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
        if (matches.isEmpty() && !now.isBefore(lastForcedRefresh.plus(cooldown))) {
            // An unknown kid: the provider may have rotated its keys since the last fetch. The cool-down applies between
            // these forced refreshes, so a flood of tokens with made-up kids costs the provider one request per period.
            lastForcedRefresh = now;
            refresh(now);
            matches = selector.select(keys);
        }
        return matches;
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
