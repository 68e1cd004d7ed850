package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.testing.FakeOpenIdProvider;
import dev.immichkeycloak.adapter.testing.OidcFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogoutTokenVerifierTest {

    @TempDir
    Path folder;
    private OidcFixture fixture;
    private FakeOpenIdProvider provider;
    private LogoutTokenVerifier verifier;
    private OAuthConfig config;

    @BeforeEach
    void setUp() {
        fixture = new OidcFixture(folder);
        provider = fixture.provider;
        verifier = new LogoutTokenVerifier(new UsedLogoutTokenRepository(fixture.dataSource, Clock.systemUTC()), Clock.systemUTC());
        config = fixture.config().build();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private LogoutClaims verify(String token) {
        return verifier.verify(token, fixture.providers.get(config), config);
    }

    private OAuthFailure.Reason reasonOf(String token) {
        try {
            verify(token);
        } catch (OAuthFailure failure) {
            return failure.reason();
        }
        throw new AssertionError("expected the logout token to be refused: " + token);
    }

    @Test
    void a_valid_token_names_the_subject_and_session() {
        LogoutClaims claims = verify(provider.logoutToken(c -> { }));

        assertThat(claims.subject()).isEqualTo("user-123");
        assertThat(claims.sessionId()).isEqualTo("session-1");
        assertThat(claims.issuer()).isEqualTo(provider.issuer());
        assertThat(claims.jwtId()).isNotBlank();
    }

    @Test
    void sid_only_and_sub_only_tokens_are_fine() {
        assertThat(verify(provider.logoutToken(c -> c.subject(null))).sessionId()).isEqualTo("session-1");
        assertThat(verify(provider.logoutToken(c -> c.claim("sid", null))).subject()).isEqualTo("user-123");
    }

    @Test
    void a_replayed_token_is_refused() {
        String token = provider.logoutToken(c -> { });
        verify(token);

        assertThat(reasonOf(token)).isEqualTo(OAuthFailure.Reason.LOGOUT_TOKEN_REPLAYED);
    }

    @Test
    void a_token_without_sub_and_sid_gets_immichs_message() {
        String token = provider.logoutToken(c -> c.subject(null).claim("sid", null));

        assertThatThrownBy(() -> verify(token)).isInstanceOfSatisfying(OAuthFailure.class, f -> {
            assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.LOGOUT_TOKEN_NO_SUBJECT);
            assertThat(f.publicMessage(OAuthOperation.BACKCHANNEL_LOGOUT)).isEqualTo("Invalid logout token: it must contain either a sub or a sid claim");
        });
    }

    @Test
    void claims_that_break_the_rules_are_refused() {
        Instant now = Instant.now();
        Map<String, java.util.function.Consumer<JWTClaimsSet.Builder>> cases = Map.ofEntries(
                Map.entry("nonce", c -> c.claim("nonce", "n")),
                Map.entry("no events", c -> c.claim("events", null)),
                Map.entry("other event", c -> c.claim("events", Map.of("http://schemas.openid.net/event/other", Map.of()))),
                Map.entry("old iat", c -> c.issueTime(Date.from(now.minusSeconds(240)))),
                Map.entry("future iat", c -> c.issueTime(Date.from(now.plusSeconds(240)))),
                Map.entry("wrong aud", c -> c.audience("someone-else")),
                Map.entry("wrong iss", c -> c.issuer("https://evil.example")),
                Map.entry("null jti", c -> c.jwtID(null)),
                Map.entry("empty jti", c -> c.jwtID("")),
                Map.entry("null iat", c -> c.issueTime(null)),
                Map.entry("null exp", c -> c.expirationTime(null)),
                Map.entry("expired", c -> c.expirationTime(Date.from(now.minusSeconds(120)))),
                Map.entry("no no-sub fallback with bad iss", c -> c.issuer("https://evil.example").subject(null).claim("sid", null)));
        cases.forEach((name, customizer) ->
                assertThat(reasonOf(provider.logoutToken(customizer))).as(name).isEqualTo(OAuthFailure.Reason.LOGOUT_TOKEN_INVALID));
    }

    @Test
    void only_logout_typed_or_untyped_tokens_are_accepted() {
        assertThat(verify(provider.logoutToken(c -> { }, h -> h.type(null))).subject()).isEqualTo("user-123");
        assertThat(reasonOf(provider.logoutToken(c -> { }, h -> h.type(JOSEObjectType.JWT)))).isEqualTo(OAuthFailure.Reason.LOGOUT_TOKEN_INVALID);
        assertThat(reasonOf(provider.logoutToken(c -> { }, h -> h.type(new JOSEObjectType("at+jwt")))))
                .isEqualTo(OAuthFailure.Reason.LOGOUT_TOKEN_INVALID);
    }

    @Test
    void an_id_token_is_not_a_logout_token() {
        String idToken = provider.sign(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(provider.currentKeyId()).type(JOSEObjectType.JWT).build(),
                provider.idTokenClaimsFor("nonce").build(), FakeOpenIdProvider.Signing.RS256);

        assertThat(reasonOf(idToken)).isEqualTo(OAuthFailure.Reason.LOGOUT_TOKEN_INVALID);
    }

    @Test
    void signature_rules_are_the_id_token_rules() throws Exception {
        JWTClaimsSet claims = JWTClaimsSet.parse(Map.of("iss", provider.issuer(), "aud", FakeOpenIdProvider.CLIENT_ID,
                "iat", Instant.now().getEpochSecond(), "exp", Instant.now().plusSeconds(60).getEpochSecond(), "jti", "j-1", "sub", "user-123",
                "events", Map.of(FakeOpenIdProvider.BACKCHANNEL_EVENT, Map.of())));
        JWSHeader typed = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(provider.currentKeyId()).type(new JOSEObjectType("logout+jwt")).build();
        JWSHeader hs = new JWSHeader.Builder(JWSAlgorithm.HS256).type(new JOSEObjectType("logout+jwt")).build();

        assertThat(reasonOf(provider.sign(typed, claims, FakeOpenIdProvider.Signing.NONE))).isEqualTo(OAuthFailure.Reason.LOGOUT_TOKEN_INVALID);
        assertThat(reasonOf(provider.sign(typed, claims, FakeOpenIdProvider.Signing.WRONG_KEY))).isEqualTo(OAuthFailure.Reason.LOGOUT_TOKEN_INVALID);
        assertThat(reasonOf(provider.sign(hs, claims, FakeOpenIdProvider.Signing.HS256))).isEqualTo(OAuthFailure.Reason.LOGOUT_TOKEN_INVALID);

        config = fixture.config().with(c -> c.signingAlgorithm = "HS256").build();
        assertThat(verify(provider.sign(hs, claims, FakeOpenIdProvider.Signing.HS256)).subject()).isEqualTo("user-123");
    }

    @Test
    void garbage_is_refused() {
        assertThat(reasonOf("not-a-token")).isEqualTo(OAuthFailure.Reason.LOGOUT_TOKEN_INVALID);
    }
}
