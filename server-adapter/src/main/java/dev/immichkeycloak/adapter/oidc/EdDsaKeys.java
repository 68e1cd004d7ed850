package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.security.Key;
import java.security.PublicKey;
import java.util.List;

/**
 * EdDSA (Ed25519) in Nimbus' key-selector pipeline. Nimbus verifies Ed25519 ({@link Ed25519Verifier}, through Tink) but its
 * key selector and verifier factory only pass JCA keys, which an OKP JWK is not: this carries the JWK through as a
 * {@link Key} and makes the verifier for it. Everything else is Nimbus' default.
 */
final class EdDsaKeys {

    /** An OKP public JWK dressed as a JCA key, only to travel from the selector to the factory. */
    record OkpKey(OctetKeyPair jwk) implements PublicKey {
        @Override
        public String getAlgorithm() {
            return "EdDSA";
        }

        @Override
        public String getFormat() {
            return null;
        }

        @Override
        public byte[] getEncoded() {
            return null;
        }
    }

    /** Nimbus' default verifiers, plus Ed25519 for an {@link OkpKey}. */
    static final class VerifierFactory extends DefaultJWSVerifierFactory {
        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            if (key instanceof OkpKey okp) {
                return new Ed25519Verifier(okp.jwk());
            }
            return super.createJWSVerifier(header, key);
        }
    }

    /** The provider's Ed25519 keys matching the token header (kid, use), for tokens of the expected algorithm only. */
    static JWSKeySelector<SecurityContext> selector(JWSAlgorithm expected, JWKSource<SecurityContext> keys) {
        return (header, context) -> {
            if (!expected.equals(header.getAlgorithm())) {
                return List.of();
            }
            List<JWK> matches = keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), context);
            return matches.stream().filter(OctetKeyPair.class::isInstance)
                    .map(jwk -> new OkpKey(((OctetKeyPair) jwk).toPublicJWK())).toList();
        };
    }

    private EdDsaKeys() {
    }
}
