package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.testing.FakeOpenIdProvider;
import dev.immichkeycloak.adapter.testing.FakeOpenIdProvider.Signing;
import dev.immichkeycloak.adapter.testing.MutableClock;
import dev.immichkeycloak.adapter.testing.OAuthConfigBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdTokenVerifierTest {

    private static final String NONCE = "n-0S6_WzA2Mj";

    private final FakeOpenIdProvider provider = FakeOpenIdProvider.start();
    private final MutableClock clock = new MutableClock();
    private final ProviderMetadataCache cache = new ProviderMetadataCache(clock, ProviderMetadataCache.Settings.defaults());
    private final IdTokenVerifier verifier = new IdTokenVerifier(java.time.Clock.systemUTC(), IdTokenVerifier.Settings.defaults());

    @AfterEach
    void stop() {
        provider.close();
    }

    private OAuthConfig config(String alg) {
        return OAuthConfigBuilder.forProvider(provider).with(c -> c.signingAlgorithm = alg).build();
    }

    private String token(Consumer<JWTClaimsSet.Builder> claims) {
        return token(claims, Signing.RS256, JWSAlgorithm.RS256, h -> { });
    }

    private String token(Consumer<JWTClaimsSet.Builder> claims, Signing signing, JWSAlgorithm alg, Consumer<JWSHeader.Builder> header) {
        JWTClaimsSet.Builder builder = provider.idTokenClaimsFor(NONCE);
        claims.accept(builder);
        JWSHeader.Builder headerBuilder = new JWSHeader.Builder(alg).type(JOSEObjectType.JWT);
        if (signing == Signing.RS256 || signing == Signing.WRONG_KEY) {
            headerBuilder.keyID(provider.currentKeyId());
        } else if (signing == Signing.ES256) {
            headerBuilder.keyID("ec-1");
        }
        header.accept(headerBuilder);
        return provider.sign(headerBuilder.build(), builder.build(), signing);
    }

    private VerifiedIdToken verify(String token, OAuthConfig config) {
        return verifier.verify(token, cache.get(config), config, NONCE);
    }

    private void assertRejected(String token, OAuthConfig config) {
        assertThatThrownBy(() -> verify(token, config))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.ID_TOKEN_INVALID));
    }

    private void assertRejected(Consumer<JWTClaimsSet.Builder> claims) {
        assertRejected(token(claims), config("RS256"));
    }

    @Test
    void a_valid_rs256_token_gives_subject_sid_and_claims() {
        VerifiedIdToken verified = verify(token(c -> c.claim("email", "a@b.c")), config("RS256"));

        assertThat(verified.subject()).isEqualTo("user-123");
        assertThat(verified.sessionId()).isEqualTo("session-1");
        assertThat(verified.claims()).containsEntry("email", "a@b.c").containsKey("iat");
        assertThat(verified.toString()).doesNotContain(verified.raw());
    }

    /** Issue 9 item 3: every JWS algorithm Nimbus verifies, each with a real key of its kind. */
    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
            "HS256", "HS384", "HS512"})
    void every_supported_algorithm_verifies_and_only_when_configured(String alg) {
        JWTClaimsSet.Builder claims = provider.idTokenClaimsFor(NONCE);
        String token = provider.signAs(JWSAlgorithm.parse(alg), claims.build());

        assertThat(verify(token, config(alg)).subject()).isEqualTo("user-123");
        assertRejected(token, config(alg.equals("RS256") ? "PS256" : "RS256"));
    }

    @Test
    void a_key_rotated_under_the_same_kid_costs_one_jwks_fetch_not_the_cache_ttl() {
        OAuthConfig config = config("RS256");
        verify(token(c -> { }), config);
        int fetches = provider.jwksRequests();

        provider.rotateKey(provider.currentKeyId(), false);

        assertThat(verify(token(c -> { }), config).subject()).isEqualTo("user-123");
        assertThat(provider.jwksRequests()).isEqualTo(fetches + 1);
    }

    @Test
    void bad_signatures_refetch_the_jwks_at_most_once_per_cool_down() {
        OAuthConfig config = config("RS256");
        verify(token(c -> { }), config);
        int fetches = provider.jwksRequests();

        for (int i = 0; i < 5; i++) {
            assertRejected(token(c -> { }, Signing.WRONG_KEY, JWSAlgorithm.RS256, h -> { }), config);
        }

        assertThat(provider.jwksRequests()).isEqualTo(fetches + 1);
        assertThat(verify(token(c -> { }), config).subject()).isEqualTo("user-123");
    }

    @Test
    void es256_is_accepted_when_configured() {
        assertThat(verify(token(c -> { }, Signing.ES256, JWSAlgorithm.ES256, h -> { }), config("ES256")).subject()).isEqualTo("user-123");
    }

    @Test
    void hs256_is_accepted_only_when_configured_and_keyed_by_the_client_secret() {
        String hs = token(c -> { }, Signing.HS256, JWSAlgorithm.HS256, h -> { });

        assertThat(verify(hs, config("HS256")).subject()).isEqualTo("user-123");
        assertRejected(hs, config("RS256"));
        OAuthConfig otherSecret = OAuthConfigBuilder.forProvider(provider).with(c -> {
            c.signingAlgorithm = "HS256";
            c.clientSecret = "another-secret-that-is-long-enough-for-hs256-0123";
        }).build();
        assertRejected(hs, otherSecret);
    }

    @Test
    void an_rsa_public_key_is_never_an_hmac_key() throws Exception {
        // Alg confusion: HS256 "signed" with the published RSA public key's bytes.
        RSAKey published = RSAKey.parse(fetchJwksKey());
        JWTClaimsSet claims = provider.idTokenClaimsFor(NONCE).build();
        com.nimbusds.jwt.SignedJWT forged = new com.nimbusds.jwt.SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("rsa-1").build(), claims);
        forged.sign(new com.nimbusds.jose.crypto.MACSigner(published.toRSAPublicKey().getEncoded()));

        assertRejected(forged.serialize(), config("RS256"));
        assertRejected(forged.serialize(), config("HS256"));
    }

    private String fetchJwksKey() throws Exception {
        String jwks = new String(URI.create(provider.issuer() + "/jwks").toURL().openStream().readAllBytes());
        return com.nimbusds.jose.jwk.JWKSet.parse(jwks).getKeyByKeyId("rsa-1").toJSONString();
    }

    @Test
    void alg_none_is_always_rejected() {
        String plain = token(c -> { }, Signing.NONE, JWSAlgorithm.RS256, h -> { });

        assertRejected(plain, config("RS256"));
        assertThatThrownBy(() -> verify(plain, config("none")))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.ID_TOKEN_INVALID));
    }

    @Test
    void a_token_signed_with_an_alg_other_than_the_configured_one_is_rejected() {
        assertRejected(token(c -> { }, Signing.ES256, JWSAlgorithm.ES256, h -> { }), config("RS256"));
        assertRejected(token(c -> { }), config("PS256"));
    }

    @Test
    void a_bad_signature_is_rejected() {
        assertRejected(token(c -> { }, Signing.WRONG_KEY, JWSAlgorithm.RS256, h -> { }), config("RS256"));
        String valid = token(c -> { });
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "." + Base64URL.encode(provider.idTokenClaimsFor(NONCE).subject("admin").build().toString()) + "." + parts[2];
        assertRejected(tampered, config("RS256"));
    }

    @Test
    void tokens_that_name_their_own_key_or_carry_crit_are_rejected() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        assertRejected(token(c -> { }, Signing.RS256, JWSAlgorithm.RS256, h -> h.jwkURL(URI.create("https://evil.example/jwks"))), config("RS256"));
        assertRejected(token(c -> { }, Signing.RS256, JWSAlgorithm.RS256, h -> h.x509CertURL(URI.create("https://evil.example/cert"))),
                config("RS256"));
        assertRejected(token(c -> { }, Signing.RS256, JWSAlgorithm.RS256, h -> h.jwk(attacker.toPublicJWK())), config("RS256"));
        assertRejected(token(c -> { }, Signing.RS256, JWSAlgorithm.RS256, h -> h.criticalParams(Set.of("exp")).customParam("exp", 1)),
                config("RS256"));
    }

    @Test
    void iss_must_match_exactly() {
        assertRejected(c -> c.issuer(provider.issuer() + "/"));
        assertRejected(c -> c.issuer("https://evil.example"));
        assertRejected(c -> c.issuer(null));
    }

    @Test
    void aud_must_be_our_client_alone() {
        assertRejected(c -> c.audience("someone-else"));
        assertRejected(c -> c.audience(List.of(FakeOpenIdProvider.CLIENT_ID, "another-api")));
        assertRejected(c -> c.audience((String) null));
    }

    @Test
    void azp_when_present_must_be_our_client() {
        assertRejected(c -> c.claim("azp", "someone-else"));
        assertThat(verify(token(c -> c.claim("azp", null)), config("RS256")).subject()).isEqualTo("user-123");
    }

    @Test
    void expiry_and_issue_time_are_checked_with_a_small_skew() {
        Instant now = Instant.now();
        assertRejected(c -> c.expirationTime(Date.from(now.minusSeconds(120))));
        assertRejected(c -> c.expirationTime(null));
        assertRejected(c -> c.issueTime(Date.from(now.plusSeconds(300))));
        assertRejected(c -> c.issueTime(null));
        assertRejected(c -> c.issueTime(Date.from(now.minus(Duration.ofMinutes(15)))));
        assertRejected(c -> c.notBeforeTime(Date.from(now.plusSeconds(600))));
        // Within the 60 s skew both ways.
        assertThat(verify(token(c -> c.expirationTime(Date.from(now.minusSeconds(30)))), config("RS256")).subject()).isEqualTo("user-123");
        assertThat(verify(token(c -> c.issueTime(Date.from(now.plusSeconds(30)))), config("RS256")).subject()).isEqualTo("user-123");
    }

    @Test
    void exp_and_iat_must_be_json_numbers() {
        assertRejected(c -> c.claim("exp", String.valueOf(Instant.now().plusSeconds(300).getEpochSecond())));
        assertRejected(c -> c.claim("iat", "yesterday"));
    }

    @Test
    void nonce_must_be_present_and_equal() {
        assertRejected(c -> c.claim("nonce", null));
        assertRejected(c -> c.claim("nonce", "another-nonce"));
    }

    @Test
    void sub_is_required() {
        assertRejected(c -> c.subject(null));
    }

    @Test
    void garbage_is_rejected() {
        assertRejected("not-a-jwt", config("RS256"));
        assertRejected("", config("RS256"));
        assertRejected("eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d", config("RS256"));
    }

    @Test
    void an_unknown_kid_refetches_the_jwks_once_then_waits_for_the_cool_down() {
        OAuthConfig config = config("RS256");
        verify(token(c -> { }), config);
        assertThat(provider.jwksRequests()).isEqualTo(1);

        provider.rotateKey("rsa-2", false);
        assertThat(verify(token(c -> { }), config).subject()).isEqualTo("user-123");
        assertThat(provider.jwksRequests()).isEqualTo(2);

        // Another unknown kid inside the cool-down: no fetch, rejected.
        provider.rotateKey("rsa-3", false);
        assertRejected(token(c -> { }), config);
        assertThat(provider.jwksRequests()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));
        assertThat(verify(token(c -> { }), config).subject()).isEqualTo("user-123");
        assertThat(provider.jwksRequests()).isEqualTo(3);
    }

    @Test
    void a_kid_the_provider_never_publishes_is_rejected_after_one_refetch() {
        OAuthConfig config = config("RS256");
        provider.publishSigningKey(false);

        assertRejected(token(c -> { }), config);
        assertThat(provider.jwksRequests()).isEqualTo(2);
        assertRejected(token(c -> { }), config);
        assertThat(provider.jwksRequests()).isEqualTo(2);
    }

    @Test
    void known_keys_are_served_from_the_cache_until_the_ttl() {
        OAuthConfig config = config("RS256");
        verify(token(c -> { }), config);
        verify(token(c -> { }), config);
        assertThat(provider.jwksRequests()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(11));
        verify(token(c -> { }), config);
        assertThat(provider.jwksRequests()).isEqualTo(2);
    }
}
