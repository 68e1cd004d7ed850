package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.BadJWSException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signature rules shared by ID tokens, signed UserInfo and logout tokens (security.md §2.6 "Alg confusion"):
 * exactly the configured {@code alg} (never {@code none}, never one taken from the token), HS* keyed by the UTF-8
 * client secret only, RS/PS/ES/EdDSA only from the provider's JWKS, and no token that names its own key
 * ({@code jku}, {@code x5u}, {@code jwk}), carries {@code crit}, or is encrypted.
 */
public final class SignaturePolicy {

    private static final Logger LOG = LoggerFactory.getLogger(SignaturePolicy.class);

    private SignaturePolicy() {
    }

    /**
     * The configured algorithm as a JWS algorithm; {@code none}, blank and unknown names are refused with
     * {@code IllegalArgumentException} (the caller names the failure).
     */
    public static JWSAlgorithm algorithm(String configured) {
        if (configured == null || configured.isBlank() || configured.trim().equalsIgnoreCase("none")) {
            throw new IllegalArgumentException("algorithm 'none' is never accepted");
        }
        JWSAlgorithm alg = JWSAlgorithm.parse(configured.trim());
        if (!JWSAlgorithm.Family.HMAC_SHA.contains(alg) && !JWSAlgorithm.Family.SIGNATURE.contains(alg)) {
            throw new IllegalArgumentException("unsupported signing algorithm " + configured);
        }
        return alg;
    }

    /**
     * Sets up {@code processor} for {@code alg}: the key selector ({@link #keySelector}) and a verifier factory that also
     * knows EdDSA. Every verifier of the adapter goes through here.
     */
    public static void configure(DefaultJWTProcessor<SecurityContext> processor, JWSAlgorithm alg, String clientSecret, JwksCache keys) {
        processor.setJWSKeySelector(keySelector(alg, clientSecret, keys));
        processor.setJWSVerifierFactory(new EdDsaKeys.VerifierFactory());
    }

    /** The key selector for {@code alg}: the client secret for HS*, the provider's JWKS for everything else. */
    static JWSKeySelector<SecurityContext> keySelector(JWSAlgorithm alg, String clientSecret, JwksCache keys) {
        if (JWSAlgorithm.Family.HMAC_SHA.contains(alg)) {
            if (clientSecret == null || clientSecret.isEmpty()) {
                throw new IllegalArgumentException(alg + " needs a client secret");
            }
            // OIDC Core §3.1.3.7 (8): the octets of the UTF-8 client_secret are the MAC key.
            return new JWSVerificationKeySelector<>(alg, new ImmutableSecret<>(clientSecret.getBytes(StandardCharsets.UTF_8)));
        }
        if (JWSAlgorithm.Family.ED.contains(alg)) {
            return EdDsaKeys.selector(alg, keys);
        }
        return new JWSVerificationKeySelector<>(alg, keys);
    }

    /** A signature check that may be run twice. */
    @FunctionalInterface
    public interface Verification<T> {
        T run() throws BadJOSEException, JOSEException;
    }

    /**
     * Runs {@code verification}; when the signature fails with one of the provider's keys, the JWK set is fetched again
     * (at most once per cool-down) and, if it changed, the check runs once more. So a key rotated under the same {@code kid}
     * costs one failed check, not the cache's TTL. HS* keys are the client secret, which a refetch cannot change.
     */
    public static <T> T verifyWithKeyRefresh(JWSAlgorithm alg, JwksCache keys, Verification<T> verification)
            throws BadJOSEException, JOSEException {
        try {
            return verification.run();
        } catch (BadJWSException e) {
            if (JWSAlgorithm.Family.HMAC_SHA.contains(alg) || !keys.refreshAfterBadSignature()) {
                throw e;
            }
            LOG.info("A signature failed with the cached keys of {}; the JWK set changed, verifying again", keys.url());
            return verification.run();
        }
    }

    /** Checks what must be refused before any key is looked at. */
    public static void checkHeader(JWT jwt, JWSAlgorithm expected) throws BadJOSEException {
        if (!(jwt instanceof SignedJWT signed)) {
            throw new BadJOSEException("token is not signed (alg none) or is encrypted");
        }
        JWSHeader header = signed.getHeader();
        if (!expected.equals(header.getAlgorithm())) {
            throw new BadJOSEException("token alg " + header.getAlgorithm() + " is not the configured " + expected);
        }
        if (header.getJWKURL() != null || header.getX509CertURL() != null || header.getJWK() != null) {
            throw new BadJOSEException("token header names its own key (jku, x5u or jwk)");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new BadJOSEException("token header has crit parameters");
        }
    }
}
