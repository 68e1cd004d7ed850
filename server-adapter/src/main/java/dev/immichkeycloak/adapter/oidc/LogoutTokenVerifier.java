package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.validators.LogoutTokenClaimsVerifier;
import dev.immichkeycloak.adapter.config.OAuthConfig;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Verifies a back-channel logout token (OIDC Back-Channel Logout 1.0 §2.6, immich-api.md §6.2, spec README §3.14):
 * the signature under the ID-token rules ({@code signingAlgorithm}, JWKS or client secret), {@code typ} header
 * {@code logout+jwt} when present, iss, aud, exp, {@code iat} at most 2 minutes old, the back-channel {@code events}
 * member, no {@code nonce}, {@code sub} or {@code sid}, and a {@code jti} that was never seen before.
 */
public final class LogoutTokenVerifier {

    /** Immich's {@code maxTokenAge = '2m'}. */
    public static final Duration MAX_TOKEN_AGE = Duration.ofMinutes(2);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final UsedLogoutTokenRepository usedTokens;
    private final Clock clock;

    public LogoutTokenVerifier(UsedLogoutTokenRepository usedTokens, Clock clock) {
        this.usedTokens = usedTokens;
        this.clock = clock;
    }

    public LogoutClaims verify(String logoutToken, ProviderMetadata provider, OAuthConfig config) {
        JWTClaimsSet claims;
        try {
            JWT jwt = JWTParser.parse(logoutToken);
            JWSAlgorithm alg = SignaturePolicy.algorithm(config.signingAlgorithm());
            SignaturePolicy.checkHeader(jwt, alg);
            DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
            // An explicitly typed token must be a logout token; an untyped one is accepted (Back-Channel Logout §2.4).
            processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                    new JOSEObjectType("logout+jwt"), new JOSEObjectType("application/logout+jwt"), null));
            SignaturePolicy.configure(processor, alg, config.clientSecret(), provider.keys());
            processor.setJWTClaimsSetVerifier(new ClaimsVerifier(provider.issuer(), new ClientID(config.clientId()), clock));
            claims = SignaturePolicy.verifyWithKeyRefresh(alg, provider.keys(), () -> processor.process(jwt, null));
        } catch (NoSubjectException e) {
            throw OAuthFailure.of(OAuthFailure.Reason.LOGOUT_TOKEN_NO_SUBJECT, e.getMessage(), e);
        } catch (ParseException | BadJOSEException | JOSEException | IllegalArgumentException e) {
            throw OAuthFailure.of(OAuthFailure.Reason.LOGOUT_TOKEN_INVALID, e.getMessage(), e);
        }
        String jti = claims.getJWTID();
        Instant keepUntil = laterOf(claims.getExpirationTime().toInstant(), claims.getIssueTime().toInstant().plus(MAX_TOKEN_AGE))
                .plus(CLOCK_SKEW);
        if (!usedTokens.markUsed(provider.issuer().getValue(), jti, keepUntil)) {
            throw OAuthFailure.of(OAuthFailure.Reason.LOGOUT_TOKEN_REPLAYED, "logout token jti was used before");
        }
        try {
            return new LogoutClaims(claims.getIssuer(), claims.getSubject(), claims.getStringClaim("sid"), jti);
        } catch (ParseException e) {
            throw OAuthFailure.of(OAuthFailure.Reason.LOGOUT_TOKEN_INVALID, "sid is not a string", e);
        }
    }

    private static Instant laterOf(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** Nimbus' logout-token claim checks, with a named failure for a missing sub/sid and Immich's 2-minute iat window. */
    private static final class ClaimsVerifier extends LogoutTokenClaimsVerifier {

        private final Clock clock;

        ClaimsVerifier(Issuer issuer, ClientID clientId, Clock clock) {
            super(issuer, clientId);
            this.clock = clock;
            setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            Object sid = claims.getClaim("sid");
            boolean noSid = sid == null || (sid instanceof String s && s.isEmpty());
            boolean noSub = claims.getSubject() == null || claims.getSubject().isEmpty();
            if (noSub && noSid) {
                // Immich checks sub/sid after every other rule: run them with a stand-in sid, then name this failure.
                super.verify(new JWTClaimsSet.Builder(claims).claim("sid", "-").build(), context);
                throw new NoSubjectException();
            }
            super.verify(claims, context);
            // Nimbus counts a claim present with JSON null as present; these must be real values.
            if (claims.getJWTID() == null || claims.getJWTID().isBlank() || claims.getIssueTime() == null
                    || claims.getExpirationTime() == null) {
                throw new BadJWTException("logout token jti, iat and exp must have values");
            }
            Instant now = clock.instant();
            Instant issuedAt = claims.getIssueTime().toInstant();
            if (issuedAt.isBefore(now.minus(MAX_TOKEN_AGE).minus(CLOCK_SKEW)) || issuedAt.isAfter(now.plus(CLOCK_SKEW))) {
                throw new BadJWTException("logout token iat " + issuedAt + " is outside the allowed window");
            }
        }
    }

    private static final class NoSubjectException extends BadJWTException {
        NoSubjectException() {
            super("logout token has neither sub nor sid");
        }
    }
}
