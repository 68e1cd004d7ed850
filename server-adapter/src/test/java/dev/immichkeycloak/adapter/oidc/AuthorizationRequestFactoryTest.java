package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.testing.FakeOpenIdProvider;
import dev.immichkeycloak.adapter.testing.OidcFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthorizationRequestFactoryTest {

    private static final String WEB = "https://photos.example/auth/login";
    private static final String APP_STATE = "AbCdEfGhIjKlMnOpQrStUvWxYz012345";
    private static final String APP_VERIFIER = "app-held-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";

    @TempDir
    Path folder;
    private OidcFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new OidcFixture(folder);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static Map<String, List<String>> params(AuthorizationRequestFactory.Start start) {
        return URLUtils.parseParameters(start.url().getRawQuery());
    }

    private static String param(AuthorizationRequestFactory.Start start, String name) {
        List<String> values = params(start).get(name);
        return values == null ? null : values.get(0);
    }

    private AuthorizationRequestFactory.Start start(OAuthConfig config, String redirectUri) {
        return fixture.authorizations.create(config, new AuthorizationRequestFactory.Input(redirectUri, null, null, LoginFlow.LOGIN, null, "client-1"));
    }

    @Test
    void the_url_carries_code_flow_state_nonce_and_pkce_s256() {
        AuthorizationRequestFactory.Start start = start(fixture.config().build(), WEB);

        assertThat(start.url().toString()).startsWith(fixture.provider.issuer() + "/authorize?");
        assertThat(param(start, "response_type")).isEqualTo("code");
        assertThat(param(start, "client_id")).isEqualTo(FakeOpenIdProvider.CLIENT_ID);
        assertThat(param(start, "redirect_uri")).isEqualTo(WEB);
        assertThat(param(start, "scope")).isEqualTo("openid email profile");
        assertThat(param(start, "state")).isEqualTo(start.state()).hasSize(43);
        assertThat(param(start, "nonce")).matches("[A-Za-z0-9_-]{43}");
        assertThat(param(start, "code_challenge_method")).isEqualTo("S256");
        assertThat(start.codeVerifier()).matches("[A-Za-z0-9_-]{43}");
        assertThat(param(start, "code_challenge"))
                .isEqualTo(CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(start.codeVerifier())).getValue());
        assertThat(params(start)).doesNotContainKey("prompt");
    }

    @Test
    void the_pending_login_holds_nonce_verifier_redirect_and_issuer() {
        AuthorizationRequestFactory.Start start = start(fixture.config().build(), WEB);

        PendingLogin pending = fixture.pendingLogins.consume(start.state());
        assertThat(pending.nonce()).isEqualTo(param(start, "nonce"));
        assertThat(pending.codeVerifier()).isEqualTo(start.codeVerifier());
        assertThat(pending.redirectUri()).isEqualTo(WEB);
        assertThat(pending.issuer()).isEqualTo(fixture.provider.issuer());
        assertThat(pending.flow()).isEqualTo(LoginFlow.LOGIN);
        assertThat(pending.expiresAt()).isEqualTo(pending.createdAt().plus(AuthorizationRequestFactory.PENDING_LOGIN_LIFETIME));
    }

    @Test
    void each_request_gets_fresh_random_values() {
        AuthorizationRequestFactory.Start first = start(fixture.config().build(), WEB);
        AuthorizationRequestFactory.Start second = start(fixture.config().build(), WEB);

        assertThat(first.state()).isNotEqualTo(second.state());
        assertThat(first.codeVerifier()).isNotEqualTo(second.codeVerifier());
        assertThat(param(first, "nonce")).isNotEqualTo(param(second, "nonce"));
    }

    @Test
    void pkce_is_sent_even_when_the_provider_does_not_advertise_it() {
        fixture.provider.metadata("code_challenge_methods_supported", null);

        AuthorizationRequestFactory.Start start = start(fixture.config().build(), WEB);

        assertThat(param(start, "code_challenge_method")).isEqualTo("S256");
        assertThat(param(start, "code_challenge")).hasSize(43);
    }

    @Test
    void prompt_is_added_when_configured() {
        AuthorizationRequestFactory.Start start = start(fixture.config().with(c -> c.prompt = "select_account").build(), WEB);

        assertThat(param(start, "prompt")).isEqualTo("select_account");
    }

    @Test
    void the_openid_scope_is_always_requested() {
        AuthorizationRequestFactory.Start start = start(fixture.config().with(c -> c.scope = "email profile").build(), WEB);

        assertThat(param(start, "scope")).isEqualTo("openid email profile");
    }

    @Test
    void the_mobile_app_keeps_its_own_state_and_challenge() {
        String challenge = CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(APP_VERIFIER)).getValue();

        AuthorizationRequestFactory.Start start = fixture.authorizations.create(fixture.config().build(),
                new AuthorizationRequestFactory.Input("app.immich:///oauth-callback", APP_STATE, challenge, LoginFlow.LOGIN, null, "client-1"));

        assertThat(start.state()).isEqualTo(APP_STATE);
        assertThat(start.codeVerifier()).isNull();
        assertThat(param(start, "state")).isEqualTo(APP_STATE);
        assertThat(param(start, "code_challenge")).isEqualTo(challenge);
        assertThat(param(start, "redirect_uri")).isEqualTo("app.immich:///oauth-callback");
        assertThat(fixture.pendingLogins.consume(APP_STATE).codeChallenge()).isEqualTo(challenge);
    }

    @Test
    void the_mobile_override_replaces_the_app_redirect_and_is_stored() {
        OAuthConfig config = fixture.config().with(c -> {
            c.mobileOverrideEnabled = true;
            c.mobileRedirectUri = "https://photos.example/api/oauth/mobile-redirect";
        }).build();

        AuthorizationRequestFactory.Start start = start(config, "app.immich:///oauth-callback");

        assertThat(param(start, "redirect_uri")).isEqualTo("https://photos.example/api/oauth/mobile-redirect");
        assertThat(fixture.pendingLogins.consume(start.state()).redirectUri()).isEqualTo("https://photos.example/api/oauth/mobile-redirect");
    }

    @Test
    void a_redirect_uri_off_the_allow_list_is_refused_before_anything_is_fetched() {
        assertThatThrownBy(() -> start(fixture.config().build(), "https://evil.example/callback"))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.REDIRECT_URI_NOT_ALLOWED));
        assertThat(fixture.provider.discoveryRequests()).isZero();
    }

    @Test
    void a_malformed_client_challenge_or_state_is_refused() {
        assertThatThrownBy(() -> fixture.authorizations.create(fixture.config().build(),
                new AuthorizationRequestFactory.Input(WEB, null, "too-short", LoginFlow.LOGIN, null, "client-1")))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.CODE_CHALLENGE_INVALID));
        assertThatThrownBy(() -> fixture.authorizations.create(fixture.config().build(),
                new AuthorizationRequestFactory.Input(WEB, "bad state\n", null, LoginFlow.LOGIN, null, "client-1")))
                .isInstanceOfSatisfying(OAuthFailure.class, f -> assertThat(f.reason()).isEqualTo(OAuthFailure.Reason.STATE_INVALID));
    }

    @Test
    void a_query_on_the_authorization_endpoint_is_kept() {
        fixture.provider.metadata("authorization_endpoint", fixture.provider.issuer() + "/authorize?kc_idp_hint=google");

        AuthorizationRequestFactory.Start start = start(fixture.config().build(), WEB);

        assertThat(param(start, "kc_idp_hint")).isEqualTo("google");
        assertThat(param(start, "client_id")).isEqualTo(FakeOpenIdProvider.CLIENT_ID);
    }

    @Test
    void a_link_request_remembers_the_user() {
        AuthorizationRequestFactory.Start start = fixture.authorizations.create(fixture.config().build(),
                new AuthorizationRequestFactory.Input("https://photos.example/user-settings", null, null, LoginFlow.LINK, "user-42", "client-1"));

        PendingLogin pending = fixture.pendingLogins.consume(start.state());
        assertThat(pending.flow()).isEqualTo(LoginFlow.LINK);
        assertThat(pending.userId()).isEqualTo("user-42");
    }
}
