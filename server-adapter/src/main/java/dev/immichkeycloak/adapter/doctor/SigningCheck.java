package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import dev.immichkeycloak.adapter.oidc.ProviderHttp;

/**
 * Checks that the provider can really sign ID tokens with the configured {@code signingAlgorithm}, without a user login:
 * the provider's JWKS must hold a signing key of that algorithm. Discovery's {@code id_token_signing_alg_values_supported}
 * is only a hint: providers under-advertise (Spring Authorization Server names RS256 alone while signing ES256 for a client
 * set so), so an algorithm missing there is a warning, never a failure by itself.
 * An HMAC algorithm needs the client secret as its key (OIDC Core §3.1.3.7 step 8), which Keycloak never uses: it signs
 * HS* ID tokens with a realm key of its own, so HS* against Keycloak always fails.
 */
final class SigningCheck {

    static final String CHECK = "ID token signature";

    /** The algorithm names a finding may repeat (JWA, RFC 7518 §3.1, and EdDSA). */
    static final Set<String> KNOWN_ALGORITHMS = Stream.of(JWSAlgorithm.Family.SIGNATURE.stream(), JWSAlgorithm.Family.HMAC_SHA.stream(),
            Stream.of(JWSAlgorithm.parse("none"))).flatMap(s -> s).map(JWSAlgorithm::getName).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> KNOWN_KEY_TYPES = Set.of("RSA key", "EC key", "OKP key", "oct key");

    Finding run(OAuthConfig config, OIDCProviderMetadata metadata, ProviderHttp http) {
        String configured = Objects.requireNonNullElse(config.signingAlgorithm(), "");
        JWSAlgorithm algorithm = JWSAlgorithm.parse(configured);
        boolean hmac = JWSAlgorithm.Family.HMAC_SHA.contains(algorithm);
        if (!hmac && !JWSAlgorithm.Family.SIGNATURE.contains(algorithm)) {
            return Finding.fail(CHECK, "signingAlgorithm " + ProviderText.quote(configured) + " is not a signature algorithm"
                    + " the adapter accepts (never none).", "Set signingAlgorithm to RS256.");
        }
        List<JWSAlgorithm> offered = metadata.getIDTokenJWSAlgs() == null ? List.of() : metadata.getIDTokenJWSAlgs();
        // Not advertised is no proof of not used: Spring Authorization Server lists only RS256 even for a client set to ES256.
        // The JWKS (and, for HS*, the secret) decides below; an unadvertised algorithm is at most a warning.
        String notAdvertised = offered.contains(algorithm) ? null : "id_token_signing_alg_values_supported is "
                + ProviderText.known(offered.stream().map(JWSAlgorithm::getName).toList(), KNOWN_ALGORITHMS) + ", without " + algorithm;
        JWKSet jwks;
        try {
            jwks = loadJwks(metadata, http);
        } catch (IOException e) {
            return Finding.fail(CHECK, "cannot read the provider's JWKS (jwks_uri): " + ProviderText.failure(e) + ".",
                    "Check that this server can reach the provider's jwks_uri.");
        } catch (ParseException e) {
            return Finding.fail(CHECK, "the provider's jwks_uri did not answer a JWK set.", "Check the provider's jwks_uri.");
        } catch (StatusException e) {
            return Finding.fail(CHECK, "the provider's jwks_uri answered HTTP " + e.status + ".", "Check the provider's jwks_uri.");
        }
        Set<String> signingAlgs = signingAlgorithms(jwks);
        Finding finding = hmac ? hmac(config, metadata, algorithm, signingAlgs) : asymmetric(config, metadata, algorithm, jwks, signingAlgs);
        if (notAdvertised == null) {
            return finding;
        }
        if (finding.status() == Finding.Status.FAIL) {
            return Finding.fail(CHECK, notAdvertised + ". " + finding.seen(), finding.fix());
        }
        return underAdvertised(notAdvertised, algorithm, hmac);
    }

    /** The algorithm is usable (a key of its kind, or a long enough secret) but not in the metadata's list. */
    private static Finding underAdvertised(String notAdvertised, JWSAlgorithm algorithm, boolean hmac) {
        String usable = hmac ? "the client secret is long enough to be its key" : "the JWKS has a signing key for it";
        return Finding.warn(CHECK, notAdvertised + ", but " + usable + ". Providers often list fewer algorithms than they sign"
                        + " with (Spring Authorization Server lists only RS256, even for clients set to ES256), so this alone does"
                        + " not mean logins fail.",
                "Nothing to change if the client's ID token signature algorithm at the provider is " + algorithm
                        + "; a test login shows it (a mismatch fails with reason ID_TOKEN_INVALID).");
    }

    private static Finding hmac(OAuthConfig config, OIDCProviderMetadata metadata, JWSAlgorithm algorithm, Set<String> keyAlgs) {
        if (ProviderKind.isKeycloak(metadata)) {
            return Finding.fail(CHECK, "Keycloak signs " + algorithm + " ID tokens with a realm HMAC key, never with the client"
                            + " secret, so the adapter could not verify them; its JWKS offers " + describe(keyAlgs)
                            + " and Keycloak signs ID tokens with RS256 unless the client's ID token signature algorithm says otherwise.",
                    "Set signingAlgorithm to " + suggestion(List.of(), keyAlgs) + ".");
        }
        int secretBytes = Objects.requireNonNullElse(config.clientSecret(), "").getBytes(StandardCharsets.UTF_8).length;
        int neededBytes = Integer.parseInt(algorithm.getName().substring(2)) / 8;
        // OIDC Core §16.19: an HMAC key made from a short secret can be brute-forced.
        if (secretBytes < neededBytes) {
            return Finding.fail(CHECK, algorithm + " uses the client secret as key, and it has " + secretBytes + " bytes; "
                    + algorithm + " needs at least " + neededBytes + ".", "Use RS256, or a random client secret of at least "
                    + neededBytes + " bytes.");
        }
        return Finding.warn(CHECK, algorithm + " is offered; whether the provider signs with the client secret shows only at"
                        + " the first login (its JWKS offers " + describe(keyAlgs) + ").",
                "Prefer " + suggestion(List.of(), keyAlgs) + " if the provider offers it.");
    }

    private static Finding asymmetric(OAuthConfig config, OIDCProviderMetadata metadata, JWSAlgorithm algorithm, JWKSet jwks, Set<String> keyAlgs) {
        List<JWK> keys = new JWKSelector(JWKMatcher.forJWSHeader(new JWSHeader(algorithm))).select(jwks);
        if (keys.isEmpty()) {
            return Finding.fail(CHECK, "the provider's JWKS has no signing key for " + algorithm + " (it offers "
                    + describe(keyAlgs) + "), so it cannot sign ID tokens with it.", "Set signingAlgorithm to "
                    + suggestion(List.of(), keyAlgs) + ", or add a " + algorithm + " key to the provider.");
        }
        String count = keys.size() == 1 ? "a matching key" : keys.size() + " matching keys";
        if (!ProviderKind.isKeycloak(metadata)) {
            return Finding.ok(CHECK, algorithm + " is offered and the JWKS has " + count + ".");
        }
        if (algorithm.equals(JWSAlgorithm.RS256)) {
            return Finding.ok(CHECK, "RS256 is offered, the realm has an RS256 key, and Keycloak signs ID"
                    + " tokens with RS256 unless the client's ID token signature algorithm says otherwise.");
        }
        return Finding.warn(CHECK, "the realm has a " + algorithm + " key, but Keycloak signs ID tokens with"
                        + " RS256 unless the client's ID token signature algorithm is " + algorithm + ".",
                "In Keycloak, set Clients → " + ProviderText.clean(config.clientId())
                        + " → Advanced → ID token signature algorithm to " + algorithm + ".");
    }

    /** An answer other than 200. */
    private static final class StatusException extends Exception {
        final int status;

        StatusException(int status) {
            super("HTTP " + status, null, false, false);
            this.status = status;
        }
    }

    private static JWKSet loadJwks(OIDCProviderMetadata metadata, ProviderHttp http) throws IOException, ParseException, StatusException {
        HTTPResponse response = http.get(metadata.getJWKSetURI());
        if (response.getStatusCode() != 200) {
            throw new StatusException(response.getStatusCode());
        }
        return JWKSet.parse(Objects.requireNonNullElse(response.getBody(), ""));
    }

    /** The algorithms of the JWKS's signing keys (keys without {@code alg} are named by their key type). */
    private static Set<String> signingAlgorithms(JWKSet jwks) {
        Set<String> algorithms = new LinkedHashSet<>();
        for (JWK key : jwks.getKeys()) {
            if (key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse())) {
                // Only names from the closed list of algorithms and key types: the alg member is free text of the provider.
                String name = key.getAlgorithm() != null ? key.getAlgorithm().getName() : key.getKeyType().getValue() + " key";
                algorithms.add(KNOWN_ALGORITHMS.contains(name) || KNOWN_KEY_TYPES.contains(name) ? name : "an unrecognised algorithm");
            }
        }
        return algorithms;
    }

    private static String describe(Set<String> keyAlgs) {
        return keyAlgs.isEmpty() ? "no signing keys" : ProviderText.clean(String.join(", ", keyAlgs));
    }

    /** RS256 when available (every OIDC provider must support it), else the first asymmetric algorithm seen. */
    private static String suggestion(List<JWSAlgorithm> offered, Set<String> keyAlgs) {
        if (keyAlgs.contains("RS256") || offered.contains(JWSAlgorithm.RS256) || keyAlgs.contains("RSA key")) {
            return "RS256";
        }
        return keyAlgs.stream().filter(name -> JWSAlgorithm.Family.SIGNATURE.contains(JWSAlgorithm.parse(name))).findFirst()
                .or(() -> offered.stream().filter(JWSAlgorithm.Family.SIGNATURE::contains).map(JWSAlgorithm::getName).findFirst())
                .orElse("RS256");
    }
}
