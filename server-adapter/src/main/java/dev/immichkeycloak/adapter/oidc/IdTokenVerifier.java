package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.openid.connect.sdk.validators.IDTokenClaimsVerifier;
import dev.immichkeycloak.adapter.config.OAuthConfig;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Verifies an ID token as OIDC Core §3.1.3.7 says, through Nimbus' processor and {@link IDTokenClaimsVerifier} (signature
 * with the configured alg, iss, aud, azp, exp, iat, nonce, sub), plus the stricter rules of security.md §2.6: a single audience,
 * {@code azp} equal to our client when present, {@code iat} not older than the max age, {@code nbf} not in the future.
 */
public final class IdTokenVerifier {

    /** Allowed clock skew and maximum {@code iat} age (security.md §2.6: 60 s up to 300 s; 10 minutes). */
    public record Settings(Duration clockSkew, Duration maxIatAge) {
        public Settings {
            if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and 300 s");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(60), Duration.ofMinutes(10));
        }
    }

    private final Clock clock;
    private final Settings settings;

    public IdTokenVerifier(Clock clock, Settings settings) {
        this.clock = clock;
        this.settings = settings;
    }

    /** Verifies {@code idToken} from the token response of {@code provider}; any problem is {@code ID_TOKEN_INVALID}. */
    public VerifiedIdToken verify(String idToken, ProviderMetadata provider, OAuthConfig config, String expectedNonce) {
        try {
            JWT jwt = JWTParser.parse(idToken);
            JWSAlgorithm alg = SignaturePolicy.algorithm(config.signingAlgorithm());
            SignaturePolicy.checkHeader(jwt, alg);
            // Nimbus' ID token claims rules (iss, aud, azp, exp, iat, nonce, sub), run by a processor that also knows EdDSA.
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            SignaturePolicy.configure(processor, alg, config.clientSecret(), provider.keys());
            processor.setJWTClaimsSetVerifier(new IDTokenClaimsVerifier(provider.issuer(), new ClientID(config.clientId()),
                    new Nonce(expectedNonce), (int) settings.clockSkew().toSeconds()));
            JWTClaimsSet claimSet = SignaturePolicy.verifyWithKeyRefresh(alg, provider.keys(), () -> processor.process(jwt, null));
            IDTokenClaimsSet claims = new IDTokenClaimsSet(claimSet);
            checkStricterRules(claimSet, config.clientId());
            return new VerifiedIdToken(idToken, claims.getSubject().getValue(), claimSet.getStringClaim("sid"), claimSet.toJSONObject(true));
        } catch (ParseException | com.nimbusds.oauth2.sdk.ParseException | BadJOSEException | JOSEException | IllegalArgumentException e) {
            throw OAuthFailure.of(OAuthFailure.Reason.ID_TOKEN_INVALID, e.getMessage(), e);
        }
    }

    private void checkStricterRules(JWTClaimsSet claims, String clientId) throws BadJOSEException, ParseException {
        // OIDC Core §3.1.3.7 (3): reject additional audiences not trusted by the client; we trust none.
        List<String> audience = claims.getAudience();
        if (audience.size() != 1) {
            throw new BadJOSEException("ID token has more than one audience: " + audience);
        }
        // OIDC Core §3.1.3.7 (5): if azp is present, it must be our client_id.
        String azp = claims.getStringClaim("azp");
        if (azp != null && !azp.equals(clientId)) {
            throw new BadJOSEException("ID token azp " + azp + " is not our client");
        }
        Instant now = clock.instant();
        // OIDC Core §3.1.3.7 (10): reject tokens issued too far in the past.
        Instant issuedAt = claims.getIssueTime().toInstant();
        if (issuedAt.isBefore(now.minus(settings.maxIatAge()).minus(settings.clockSkew()))) {
            throw new BadJOSEException("ID token iat " + issuedAt + " is older than " + settings.maxIatAge());
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now.plus(settings.clockSkew()))) {
            throw new BadJOSEException("ID token nbf " + notBefore.toInstant() + " is in the future");
        }
    }
}
