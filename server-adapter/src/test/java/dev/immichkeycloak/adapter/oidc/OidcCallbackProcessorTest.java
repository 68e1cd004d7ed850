package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.oidc.AuthorizationRequestFactory.Input;
import dev.immichkeycloak.adapter.oidc.AuthorizationRequestFactory.Start;
import dev.immichkeycloak.adapter.oidc.OidcCallbackProcessor.Callback;
import dev.immichkeycloak.adapter.testing.FakeOpenIdProvider;
import dev.immichkeycloak.adapter.testing.OidcFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OidcCallbackProcessorTest {

    private static final String WEB = "https://photos.example/auth/login";
    private static final String APP = "app.immich:///oauth-callback";
    private static final String APP_VERIFIER = "app-held-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path folder;
    private OidcFixture fixture;
    private FakeOpenIdProvider provider;

    @BeforeEach
    void setUp() {
        fixture = new OidcFixture(folder);
        provider = fixture.provider;
        provider.idTokenClaims(Map.of("email", "alice@example.com", "email_verified", true, "name", "Alice (ID token)"));
        provider.userInfoClaims(Map.of("name", "Alice (UserInfo)", "immich_quota", 25, "preferred_username", "alice"));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private Start start(OAuthConfig config, String redirectUri) {
        return fixture.authorizations.create(config, new Input(redirectUri, null, null, LoginFlow.LOGIN, null, "client-1"));
    }

    private OidcLogin login(OAuthConfig config) {
        Start start = start(config, WEB);
        String callbackUrl = provider.authorize(start.url());
        return fixture.callbacks.complete(config, new Callback(callbackUrl, start.state(), start.codeVerifier(), LoginFlow.LOGIN, null));
    }

    private void assertFails(OAuthConfig config, OAuthFailure.Reason reason) {
        assertThatThrownBy(() -> login(config))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(reason));
    }

    private static OAuthFailure.Reason reasonOf(Runnable action) {
        try {
            action.run();
        } catch (OAuthFailure failure) {
            return failure.reason();
        }
        throw new AssertionError("expected an OAuthFailure");
    }

    @Test
    void a_web_login_verifies_everything_and_merges_the_claims() {
        OidcLogin login = login(fixture.config().build());

        assertThat(login.issuer()).isEqualTo(provider.issuer());
        assertThat(login.subject()).isEqualTo("user-123");
        assertThat(login.idToken().sessionId()).isEqualTo("session-1");
        assertThat(login.profile().claim("name")).isEqualTo("Alice (ID token)");
        assertThat(login.profile().claim("immich_quota")).isEqualTo(25L);
        assertThat(login.profile().email()).contains("alice@example.com");
        assertThat(provider.lastUserInfoAuthorizationHeader()).startsWith("Bearer ");
        assertThat(provider.lastTokenParam("redirect_uri")).isEqualTo(WEB);
        assertThat(provider.lastTokenParam("code_verifier")).hasSize(43);
        // client_secret_post is Immich's default.
        assertThat(provider.lastTokenParam("client_secret")).isEqualTo(FakeOpenIdProvider.CLIENT_SECRET);
        assertThat(provider.lastTokenAuthorizationHeader()).isNull();
    }

    @Test
    void userinfo_is_called_even_when_the_id_token_has_an_email() {
        login(fixture.config().build());

        assertThat(provider.userInfoRequests()).isEqualTo(1);
    }

    @Test
    void a_warm_login_costs_one_token_and_one_userinfo_request() {
        OAuthConfig config = fixture.config().build();
        login(config);
        login(config);
        login(config);

        assertThat(provider.discoveryRequests()).isEqualTo(1);
        assertThat(provider.jwksRequests()).isEqualTo(1);
        assertThat(provider.tokenRequests()).isEqualTo(3);
        assertThat(provider.userInfoRequests()).isEqualTo(3);
    }

    @Test
    void client_secret_basic_sends_the_secret_in_the_header_only() {
        provider.expectedAuthMethod("client_secret_basic");

        login(fixture.config().with(c -> c.tokenEndpointAuthMethod = "client_secret_basic").build());

        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (FakeOpenIdProvider.CLIENT_ID + ":" + FakeOpenIdProvider.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        assertThat(provider.lastTokenAuthorizationHeader()).isEqualTo(expected);
        assertThat(provider.lastTokenParams()).doesNotContainKey("client_secret");
    }

    @Test
    void without_a_secret_the_client_is_public() {
        provider.expectedAuthMethod("none");

        login(fixture.config().with(c -> {
            c.clientSecret = "";
            c.tokenEndpointAuthMethod = "client_secret_basic";
        }).build());

        assertThat(provider.lastTokenAuthorizationHeader()).isNull();
        assertThat(provider.lastTokenParam("client_id")).isEqualTo(FakeOpenIdProvider.CLIENT_ID);
        assertThat(provider.lastTokenParams()).doesNotContainKey("client_secret");
    }

    @Test
    void the_mobile_app_finishes_with_its_own_verifier() {
        OAuthConfig config = fixture.config().build();
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(APP_VERIFIER)).getValue();
        Start start = fixture.authorizations.create(config, new Input(APP, "mobile-state-0123456789abcdef", challenge, LoginFlow.LOGIN, null, "client-1"));
        String callbackUrl = provider.authorize(start.url());
        assertThat(callbackUrl).startsWith(APP + "?code=");

        OidcLogin login = fixture.callbacks.complete(config, new Callback(callbackUrl, "mobile-state-0123456789abcdef", APP_VERIFIER,
                LoginFlow.LOGIN, null));

        assertThat(login.subject()).isEqualTo("user-123");
        assertThat(provider.lastTokenParam("code_verifier")).isEqualTo(APP_VERIFIER);
        assertThat(provider.lastTokenParam("redirect_uri")).isEqualTo(APP);
    }

    @Test
    void a_wrong_app_verifier_is_refused_before_the_token_request() {
        OAuthConfig config = fixture.config().build();
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(APP_VERIFIER)).getValue();
        Start start = fixture.authorizations.create(config, new Input(APP, "mobile-state-0123456789abcdef", challenge, LoginFlow.LOGIN, null, "client-1"));
        String callbackUrl = provider.authorize(start.url());

        assertThat(reasonOf(() -> fixture.callbacks.complete(config, new Callback(callbackUrl, "mobile-state-0123456789abcdef",
                APP_VERIFIER.replace('a', 'b'), LoginFlow.LOGIN, null)))).isEqualTo(OAuthFailure.Reason.CODE_VERIFIER_MISMATCH);
        assertThat(provider.tokenRequests()).isZero();
    }

    @Test
    void with_the_mobile_override_the_token_request_uses_the_override_uri() {
        String override = "https://photos.example/api/oauth/mobile-redirect";
        OAuthConfig config = fixture.config().with(c -> {
            c.mobileOverrideEnabled = true;
            c.mobileRedirectUri = override;
        }).build();
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(APP_VERIFIER)).getValue();
        Start start = fixture.authorizations.create(config, new Input(APP, "mobile-state-override-0123456789", challenge, LoginFlow.LOGIN, null, "client-1"));
        String providerRedirect = provider.authorize(start.url());
        assertThat(providerRedirect).startsWith(override + "?code=");
        // The mobile-redirect route hands the query to the app, which posts it back under the app scheme.
        String appUrl = APP + providerRedirect.substring(override.length());

        OidcLogin login = fixture.callbacks.complete(config, new Callback(appUrl, "mobile-state-override-0123456789", APP_VERIFIER,
                LoginFlow.LOGIN, null));

        assertThat(login.subject()).isEqualTo("user-123");
        assertThat(provider.lastTokenParam("redirect_uri")).isEqualTo(override);
    }

    @Test
    void missing_state_or_verifier_are_named_400s() {
        OAuthConfig config = fixture.config().build();

        OAuthFailure.Reason noState = reasonOf(() -> fixture.callbacks.complete(config, new Callback(WEB + "?code=x", null, "v", LoginFlow.LOGIN, null)));
        OAuthFailure.Reason noVerifier = reasonOf(() -> fixture.callbacks.complete(config, new Callback(WEB + "?code=x", "s", "", LoginFlow.LOGIN, null)));

        assertThat(noState).isEqualTo(OAuthFailure.Reason.STATE_MISSING);
        assertThat(noVerifier).isEqualTo(OAuthFailure.Reason.CODE_VERIFIER_MISSING);
        assertThat(noState.status()).isEqualTo(400);
    }

    @Test
    void a_state_works_once_even_when_the_first_callback_fails() {
        OAuthConfig config = fixture.config().build();
        Start start = start(config, WEB);
        String callbackUrl = provider.authorize(start.url());
        provider.tokenError("temporarily_unavailable");

        assertThat(reasonOf(() -> fixture.callbacks.complete(config, new Callback(callbackUrl, start.state(), start.codeVerifier(),
                LoginFlow.LOGIN, null)))).isEqualTo(OAuthFailure.Reason.TOKEN_REQUEST_FAILED);
        provider.tokenError(null);
        assertThat(reasonOf(() -> fixture.callbacks.complete(config, new Callback(callbackUrl, start.state(), start.codeVerifier(),
                LoginFlow.LOGIN, null)))).isEqualTo(OAuthFailure.Reason.STATE_MISMATCH);
    }

    @Test
    void a_replayed_callback_is_refused() {
        OAuthConfig config = fixture.config().build();
        Start start = start(config, WEB);
        String callbackUrl = provider.authorize(start.url());
        Callback callback = new Callback(callbackUrl, start.state(), start.codeVerifier(), LoginFlow.LOGIN, null);
        fixture.callbacks.complete(config, callback);

        assertThat(reasonOf(() -> fixture.callbacks.complete(config, callback))).isEqualTo(OAuthFailure.Reason.STATE_MISMATCH);
        assertThat(provider.tokenRequests()).isEqualTo(1);
    }

    @Test
    void a_callback_url_from_another_login_is_refused() {
        OAuthConfig config = fixture.config().build();
        Start victim = start(config, WEB);
        Start attacker = start(config, WEB);
        String attackerCallback = provider.authorize(attacker.url());

        assertThat(reasonOf(() -> fixture.callbacks.complete(config, new Callback(attackerCallback, victim.state(), victim.codeVerifier(),
                LoginFlow.LOGIN, null)))).isEqualTo(OAuthFailure.Reason.STATE_MISMATCH);
        assertThat(provider.tokenRequests()).isZero();
    }

    @Test
    void an_expired_state_is_refused() {
        OAuthConfig config = fixture.config().build();
        Start start = start(config, WEB);
        String callbackUrl = provider.authorize(start.url());
        fixture.clock.advance(Duration.ofMinutes(11));

        assertThat(reasonOf(() -> fixture.callbacks.complete(config, new Callback(callbackUrl, start.state(), start.codeVerifier(),
                LoginFlow.LOGIN, null)))).isEqualTo(OAuthFailure.Reason.STATE_EXPIRED);
    }

    @Test
    void a_verifier_other_than_the_issued_one_is_refused() {
        OAuthConfig config = fixture.config().build();
        Start start = start(config, WEB);
        String callbackUrl = provider.authorize(start.url());

        assertThat(reasonOf(() -> fixture.callbacks.complete(config, new Callback(callbackUrl, start.state(), APP_VERIFIER,
                LoginFlow.LOGIN, null)))).isEqualTo(OAuthFailure.Reason.CODE_VERIFIER_MISMATCH);
    }

    @Test
    void a_login_state_cannot_finish_a_link_and_a_link_is_bound_to_its_user() {
        OAuthConfig config = fixture.config().build();
        Start login = start(config, WEB);
        String loginCallback = provider.authorize(login.url());
        assertThat(reasonOf(() -> fixture.callbacks.complete(config, new Callback(loginCallback, login.state(), login.codeVerifier(),
                LoginFlow.LINK, "user-1")))).isEqualTo(OAuthFailure.Reason.FLOW_MISMATCH);

        Start link = fixture.authorizations.create(config, new Input("https://photos.example/user-settings", null, null, LoginFlow.LINK, "user-1", "client-1"));
        String linkCallback = provider.authorize(link.url());
        assertThat(reasonOf(() -> fixture.callbacks.complete(config, new Callback(linkCallback, link.state(), link.codeVerifier(),
                LoginFlow.LINK, "user-2")))).isEqualTo(OAuthFailure.Reason.FLOW_MISMATCH);

        Start own = fixture.authorizations.create(config, new Input("https://photos.example/user-settings", null, null, LoginFlow.LINK, "user-1", "client-1"));
        String ownCallback = provider.authorize(own.url());
        OidcLogin linked = fixture.callbacks.complete(config, new Callback(ownCallback, own.state(), own.codeVerifier(), LoginFlow.LINK, "user-1"));
        assertThat(linked.flow()).isEqualTo(LoginFlow.LINK);
        assertThat(provider.tokenRequests()).isEqualTo(1);
    }

    @Test
    void a_provider_error_is_reported_without_its_description() {
        provider.authorizeError("access_denied", "<script>alert('x')</script>");

        assertThatThrownBy(() -> login(fixture.config().build()))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.PROVIDER_ERROR);
                    assertThat(f.publicMessage(OAuthOperation.CALLBACK)).isEqualTo("Failed to finish oauth");
                    assertThat(f.detail()).contains("access_denied").doesNotContain("script");
                });
    }

    @Test
    void rfc_9207_iss_is_required_when_advertised_and_compared_exactly() {
        provider.sendIssInResponse(false);
        assertFails(fixture.config().build(), OAuthFailure.Reason.ISSUER_MISMATCH);

        provider.sendIssInResponse(true).responseIss(provider.issuer() + "/");
        assertFails(fixture.config().build(), OAuthFailure.Reason.ISSUER_MISMATCH);
        assertThat(provider.tokenRequests()).isZero();
    }

    @Test
    void without_advertised_support_a_missing_iss_is_fine_but_a_wrong_one_is_not() {
        provider.issParameterSupported(false).sendIssInResponse(false);
        assertThat(login(fixture.config().build()).subject()).isEqualTo("user-123");

        provider.sendIssInResponse(true).responseIss("https://evil.example");
        assertFails(fixture.config().build(), OAuthFailure.Reason.ISSUER_MISMATCH);
    }

    @Test
    void a_provider_change_between_authorize_and_callback_is_refused() {
        OAuthConfig config = fixture.config().build();
        Start start = start(config, WEB);
        String callbackUrl = provider.authorize(start.url());
        try (FakeOpenIdProvider other = FakeOpenIdProvider.start("/realms/other")) {
            OAuthConfig switched = fixture.config().with(c -> c.issuerUrl = other.issuer()).build();
            assertThat(reasonOf(() -> fixture.callbacks.complete(switched, new Callback(callbackUrl, start.state(), start.codeVerifier(),
                    LoginFlow.LOGIN, null)))).isEqualTo(OAuthFailure.Reason.ISSUER_MISMATCH);
            assertThat(other.tokenRequests()).isZero();
        }
    }

    @Test
    void token_endpoint_failures_are_token_request_failed() {
        provider.tokenError("invalid_grant");
        assertFails(fixture.config().build(), OAuthFailure.Reason.TOKEN_REQUEST_FAILED);

        provider.tokenError(null).tokenType("mac");
        assertFails(fixture.config().build(), OAuthFailure.Reason.TOKEN_REQUEST_FAILED);

        provider.tokenType("DPoP");
        assertFails(fixture.config().build(), OAuthFailure.Reason.TOKEN_REQUEST_FAILED);

        provider.tokenType("bearer").omitIdToken(true);
        assertFails(fixture.config().build(), OAuthFailure.Reason.TOKEN_REQUEST_FAILED);

        provider.omitIdToken(false);
        assertThat(login(fixture.config().build()).subject()).isEqualTo("user-123");
    }

    @Test
    void a_slow_token_endpoint_hits_the_timeout() {
        OAuthConfig config = fixture.config().with(c -> c.timeout = 300).build();
        fixture.providers.get(config);
        provider.tokenDelayMillis(2_000);

        assertFails(config, OAuthFailure.Reason.TOKEN_REQUEST_FAILED);
    }

    @Test
    void an_invalid_id_token_stops_the_flow_before_userinfo() {
        provider.idTokenCustomizer(c -> c.audience("someone-else"));
        assertFails(fixture.config().build(), OAuthFailure.Reason.ID_TOKEN_INVALID);

        provider.idTokenCustomizer(c -> c.claim("nonce", "forged"));
        assertFails(fixture.config().build(), OAuthFailure.Reason.ID_TOKEN_INVALID);

        provider.idTokenCustomizer(c -> { }).idTokenSigning(FakeOpenIdProvider.Signing.NONE);
        assertFails(fixture.config().build(), OAuthFailure.Reason.ID_TOKEN_INVALID);

        provider.idTokenSigning(FakeOpenIdProvider.Signing.WRONG_KEY);
        assertFails(fixture.config().build(), OAuthFailure.Reason.ID_TOKEN_INVALID);

        assertThat(provider.userInfoRequests()).isZero();
    }

    @Test
    void a_rotated_signing_key_is_picked_up_during_login() {
        OAuthConfig config = fixture.config().build();
        login(config);
        provider.rotateKey("rsa-2", false);

        assertThat(login(config).subject()).isEqualTo("user-123");
        assertThat(provider.jwksRequests()).isEqualTo(2);
    }

    @Test
    void hs256_id_tokens_work_when_configured() {
        provider.idTokenSigning(FakeOpenIdProvider.Signing.HS256);

        assertThat(login(fixture.config().with(c -> c.signingAlgorithm = "HS256").build()).subject()).isEqualTo("user-123");
        assertFails(fixture.config().build(), OAuthFailure.Reason.ID_TOKEN_INVALID);
    }

    @Test
    void a_userinfo_subject_other_than_the_id_tokens_is_refused() {
        provider.userInfoSubject("someone-else");

        assertFails(fixture.config().build(), OAuthFailure.Reason.USERINFO_INVALID);
    }

    @Test
    void a_userinfo_error_is_userinfo_invalid() {
        provider.userInfoStatus(500);

        assertFails(fixture.config().build(), OAuthFailure.Reason.USERINFO_INVALID);
    }

    @Test
    void signed_userinfo_is_verified_with_the_configured_alg() {
        provider.userInfoSigningAlg("RS256");
        OidcLogin login = login(fixture.config().with(c -> c.profileSigningAlgorithm = "RS256").build());
        assertThat(login.profile().claim("preferred_username")).isEqualTo("alice");

        // A JWT when JSON is configured, JSON when a JWT is configured, or another alg: all refused.
        assertFails(fixture.config().build(), OAuthFailure.Reason.USERINFO_INVALID);
        assertFails(fixture.config().with(c -> c.profileSigningAlgorithm = "ES256").build(), OAuthFailure.Reason.USERINFO_INVALID);
        provider.userInfoSigningAlg(null);
        assertFails(fixture.config().with(c -> c.profileSigningAlgorithm = "RS256").build(), OAuthFailure.Reason.USERINFO_INVALID);
    }

    /** Issue 9 item 3: signed UserInfo with every algorithm the adapter accepts. */
    @ParameterizedTest
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA",
            "HS256", "HS384", "HS512"})
    void signed_userinfo_verifies_with_every_algorithm(String alg) {
        provider.userInfoSigningAlg(alg);

        assertThat(login(fixture.config().with(c -> c.profileSigningAlgorithm = alg).build()).profile().claim("preferred_username"))
                .isEqualTo("alice");
    }

    @Test
    void hs256_signed_userinfo_uses_the_client_secret() {
        provider.userInfoSigningAlg("HS256");

        assertThat(login(fixture.config().with(c -> c.profileSigningAlgorithm = "HS256").build()).profile().claim("preferred_username"))
                .isEqualTo("alice");
    }

    @Test
    void without_a_userinfo_endpoint_the_id_token_claims_are_the_profile() {
        provider.metadata("userinfo_endpoint", null);

        OidcLogin login = login(fixture.config().build());

        assertThat(login.profile().claim("name")).isEqualTo("Alice (ID token)");
        assertThat(login.profile().has("immich_quota")).isFalse();
        assertThat(provider.userInfoRequests()).isZero();
    }

    @Test
    void a_json_null_claim_survives_into_the_profile() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("immich_quota", null);
        claims.put("immich_role", List.of("user", "admin"));
        provider.userInfoClaims(claims);

        OidcLogin login = login(fixture.config().build());

        assertThat(login.profile().has("immich_quota")).isTrue();
        assertThat(login.profile().claim("immich_quota")).isNull();
        assertThat(login.profile().claim("immich_role")).isEqualTo(List.of("user", "admin"));
    }

    @Test
    void a_callback_url_without_code_or_unparseable_is_refused() {
        OAuthConfig config = fixture.config().build();
        Start start = start(config, WEB);
        assertThat(reasonOf(() -> fixture.callbacks.complete(config, new Callback(WEB + "?state=" + start.state() + "&iss="
                + provider.issuer(), start.state(), start.codeVerifier(), LoginFlow.LOGIN, null))))
                .isIn(OAuthFailure.Reason.CODE_MISSING, OAuthFailure.Reason.CALLBACK_URL_INVALID);

        Start second = start(config, WEB);
        assertThat(reasonOf(() -> fixture.callbacks.complete(config, new Callback("::not a url::", second.state(), second.codeVerifier(),
                LoginFlow.LOGIN, null)))).isEqualTo(OAuthFailure.Reason.CALLBACK_URL_INVALID);
    }
}
