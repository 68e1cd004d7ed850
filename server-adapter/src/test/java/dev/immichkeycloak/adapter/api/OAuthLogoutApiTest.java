package dev.immichkeycloak.adapter.api;

import com.nimbusds.oauth2.sdk.util.URLUtils;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.config.PasswordLoginConfig;
import dev.immichkeycloak.adapter.config.SystemConfig;
import dev.immichkeycloak.adapter.config.SystemConfigRepository;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.oidc.OAuthLogoutRedirect;
import dev.immichkeycloak.adapter.oidc.ProviderMetadataCache;
import dev.immichkeycloak.adapter.session.Auth;
import dev.immichkeycloak.adapter.session.Session;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import dev.immichkeycloak.adapter.testing.OAuthTestApp.Browser;
import dev.immichkeycloak.adapter.user.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RP-initiated logout ({@code POST /api/auth/logout}) and back-channel logout, through HTTP. */
class OAuthLogoutApiTest {

    @TempDir
    Path dataDir;
    private OAuthTestApp app;

    @BeforeEach
    void start() {
        app = OAuthTestApp.start(dataDir);
        app.createAdmin();
        app.provider.idTokenClaims(Map.of("email", "gina@example.com", "email_verified", true));
    }

    @AfterEach
    void stop() {
        app.close();
    }

    private Browser loggedIn() {
        Browser browser = app.browser();
        browser.webLogin().expectStatus(201);
        return browser;
    }

    private User gina() {
        return app.services().users().findByOAuth(app.provider.issuer(), "user-123").orElseThrow();
    }

    // ---- POST /api/auth/logout ----

    @Test
    void an_oauth_session_is_sent_to_the_end_session_endpoint_with_hint_and_return_url() {
        Browser browser = loggedIn();
        String idToken = app.services().sessions().listForUser(gina().id()).get(0).idToken();

        ApiResponse response = browser.postJson("/api/auth/logout", Map.of());

        response.expectStatus(200);
        assertThat(response.json().get("successful").asBoolean()).isTrue();
        URI redirect = URI.create(response.json().get("redirectUri").asText());
        assertThat(redirect.toString()).startsWith(app.provider.issuer() + "/logout?");
        Map<String, List<String>> params = URLUtils.parseParameters(redirect.getRawQuery());
        assertThat(params.get("id_token_hint")).containsExactly(idToken);
        assertThat(params.get("post_logout_redirect_uri")).containsExactly("https://photos.example/auth/login?autoLaunch=0");
        assertThat(params.get("client_id")).containsExactly("immich");
        assertThat(response.setCookie("immich_access_token")).contains("Expires=Thu, 01 Jan 1970");
        assertThat(app.services().sessions().listForUser(gina().id())).isEmpty();
    }

    @Test
    void the_configured_end_session_endpoint_is_used_as_is() {
        Browser browser = loggedIn();
        app.configure(c -> c.endSessionEndpoint = "https://auth.example/logout?rd=https://photos.example/");

        assertThat(browser.postJson("/api/auth/logout", Map.of()).expectStatus(200).json().get("redirectUri").asText())
                .isEqualTo("https://auth.example/logout?rd=https://photos.example/");
    }

    @Test
    void a_configured_end_session_endpoint_that_is_not_http_s_is_refused_and_never_returned() {
        Browser browser = loggedIn();
        String script = "javascript:alert(document.domain)";

        assertThatThrownBy(() -> app.configure(c -> c.endSessionEndpoint = script)).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.messages()).containsExactly("[oauth.endSessionEndpoint] endSessionEndpoint must be an http(s) URL"));
        // Defence in depth: a value stored before that rule is ignored, and the provider's own endpoint is used.
        OAuthConfig old = app.config().with(c -> c.endSessionEndpoint = "  " + script).build();
        SystemConfigService oldDatabase = new SystemConfigService(new SystemConfigRepository(app.services().dataSource()), Json.newMapper(),
                null) {
            @Override
            public SystemConfig get() {
                return new SystemConfig(old, PasswordLoginConfig.defaults());
            }
        };
        Session session = app.services().sessions().listForUser(gina().id()).get(0);

        String redirect = new OAuthLogoutRedirect(oldDatabase, new ProviderMetadataCache(Clock.systemUTC(),
                ProviderMetadataCache.Settings.defaults()), OAuthTestApp.PUBLIC_URL).redirectUri(new Auth(gina(), session));

        assertThat(redirect).startsWith(app.provider.issuer() + "/logout?").doesNotContain("javascript");
        assertThat(browser.postJson("/api/auth/logout", Map.of()).expectStatus(200).json().get("redirectUri").asText())
                .startsWith(app.provider.issuer() + "/logout?");
    }

    @Test
    void password_sessions_disabled_oauth_or_no_end_session_endpoint_go_to_the_login_page() {
        Browser password = app.browser();
        password.cookies().put("immich_access_token", app.sessionFor(app.createLocalUser("pw@example.com")));
        assertThat(password.postJson("/api/auth/logout", Map.of()).expectStatus(200).json().get("redirectUri").asText())
                .isEqualTo("/auth/login?autoLaunch=0");

        Browser disabled = loggedIn();
        app.configure(c -> c.enabled = false);
        assertThat(disabled.postJson("/api/auth/logout", Map.of()).expectStatus(200).json().get("redirectUri").asText())
                .isEqualTo("/auth/login?autoLaunch=0");
    }

    @Test
    void a_provider_without_end_session_endpoint_goes_to_the_login_page() {
        app.provider.metadata("end_session_endpoint", null);
        Browser browser = loggedIn();

        assertThat(browser.postJson("/api/auth/logout", Map.of()).expectStatus(200).json().get("redirectUri").asText())
                .isEqualTo("/auth/login?autoLaunch=0");
    }

    @Test
    void a_discovery_failure_at_logout_is_immichs_500_after_the_session_is_gone() {
        Browser browser = loggedIn();
        app.configure(c -> c.issuerUrl = "http://127.0.0.1:1/realms/gone");

        ApiResponse response = browser.postJson("/api/auth/logout", Map.of());

        response.expectStatus(500);
        assertThat(response.message()).startsWith("Error in OAuth discovery: ");
        assertThat(response.json().get("reason").asText()).isEqualTo("DISCOVERY_FAILED");
        assertThat(app.services().sessions().listForUser(gina().id())).isEmpty();
    }

    // ---- POST /api/oauth/backchannel-logout ----

    private ApiResponse backchannel(String token) {
        return app.browser().postForm("/api/oauth/backchannel-logout", "logout_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    @Test
    void a_sid_token_ends_only_that_session() {
        loggedIn();
        app.provider.idTokenCustomizer(c -> c.claim("sid", "session-2"));
        Browser second = loggedIn();
        app.sessionFor(gina());

        ApiResponse response = backchannel(app.provider.logoutToken(c -> c.subject(null).claim("sid", "session-1")));

        response.expectStatus(200);
        assertThat(response.body()).isEmpty();
        assertThat(app.services().sessions().listForUser(gina().id())).extracting(s -> s.oauthSid())
                .containsExactlyInAnyOrder("session-2", null);
        second.me();
    }

    @Test
    void a_sub_token_ends_every_session_of_that_user() {
        loggedIn();
        loggedIn();
        app.sessionFor(gina());
        Browser other = app.browser();
        other.cookies().put("immich_access_token", app.sessionFor(app.createLocalUser("other@example.com")));

        backchannel(app.provider.logoutToken(c -> c.claim("sid", null))).expectStatus(200);

        assertThat(app.services().sessions().listForUser(gina().id())).isEmpty();
        other.me();
    }

    @Test
    void a_sid_and_sub_token_ends_the_matching_session_of_that_user() {
        loggedIn();
        app.provider.idTokenCustomizer(c -> c.claim("sid", "session-2"));
        loggedIn();

        app.browser().postJson("/api/oauth/backchannel-logout", Map.of("logout_token", app.provider.logoutToken(c -> { })))
                .expectStatus(200);

        assertThat(app.services().sessions().listForUser(gina().id())).extracting(s -> s.oauthSid()).containsExactly("session-2");
        // The same sid for another subject ends nothing.
        backchannel(app.provider.logoutToken(c -> c.subject("someone-else").claim("sid", "session-2"))).expectStatus(200);
        assertThat(app.services().sessions().listForUser(gina().id())).hasSize(1);
    }

    @Test
    void backchannel_errors_use_immichs_messages() {
        assertThat(app.browser().postForm("/api/oauth/backchannel-logout", "other=1").expectStatus(400).messages())
                .containsExactly("[logout_token] Invalid input: expected string, received undefined");
        assertThat(app.browser().postJson("/api/oauth/backchannel-logout", Map.of()).expectStatus(400).messages())
                .containsExactly("[logout_token] Invalid input: expected string, received undefined");

        ApiResponse invalid = backchannel(app.provider.logoutToken(c -> c.claim("nonce", "n")));
        invalid.expectStatus(400);
        assertThat(invalid.message()).isEqualTo("Error backchannel logout: token validation failed");
        assertThat(invalid.json().get("reason").asText()).isEqualTo("LOGOUT_TOKEN_INVALID");

        ApiResponse noSubject = backchannel(app.provider.logoutToken(c -> c.subject(null).claim("sid", null)));
        noSubject.expectStatus(400);
        assertThat(noSubject.message()).isEqualTo("Invalid logout token: it must contain either a sub or a sid claim");

        String token = app.provider.logoutToken(c -> { });
        backchannel(token).expectStatus(200);
        ApiResponse replay = backchannel(token);
        replay.expectStatus(400);
        assertThat(replay.json().get("reason").asText()).isEqualTo("LOGOUT_TOKEN_REPLAYED");

        app.configure(c -> c.enabled = false);
        ApiResponse disabled = backchannel(app.provider.logoutToken(c -> { }));
        disabled.expectStatus(400);
        assertThat(disabled.message()).isEqualTo("Received backchannel logout request but OAuth is not enabled");
    }
}
