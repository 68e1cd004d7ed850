package dev.immichkeycloak.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.LogCapture;
import dev.immichkeycloak.adapter.testing.AdapterBrowser;
import dev.immichkeycloak.adapter.testing.NodeOidcProvider;
import dev.immichkeycloak.adapter.testing.NodeOidcProviderExtension;
import dev.immichkeycloak.adapter.testing.NodeProviderAdapterApp;
import dev.immichkeycloak.adapter.user.User;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Web logins through the adapter against a second real provider, node {@code oidc-provider} 9.13.3: both client auth methods,
 * ID tokens of every family (RSA PKCS#1, RSA-PSS, ECDSA on two curves, EdDSA, HMAC), signed UserInfo, a key rotated under the
 * same {@code kid}, and the provider's own error code in the log when the token request fails.
 */
@ExtendWith(NodeOidcProviderExtension.class)
class OidcProviderLoginTest {

    private static final long GIB = 1L << 30;
    private static final String JWKS_REQUEST = "GET /jwks";

    private final NodeOidcProvider provider;
    @TempDir
    Path dataDir;
    private final List<NodeProviderAdapterApp> apps = new ArrayList<>();

    OidcProviderLoginTest(NodeOidcProvider provider) {
        this.provider = provider;
    }

    @AfterEach
    void stop() {
        apps.forEach(NodeProviderAdapterApp::close);
    }

    private NodeProviderAdapterApp adapterFor(String clientId) {
        NodeProviderAdapterApp app = NodeProviderAdapterApp.start(dataDir, provider, NodeOidcProvider.client(clientId));
        apps.add(app);
        return app;
    }

    static Stream<NodeOidcProvider.Client> loginCases() {
        return NodeOidcProvider.CLIENTS.stream().filter(client -> !client.id().equals("rotation"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loginCases")
    void a_web_login_creates_the_user_from_the_claims(NodeOidcProvider.Client client) {
        NodeProviderAdapterApp app = adapterFor(client.id());
        AdapterBrowser browser = app.browser();

        ApiResponse login = app.webLogin(browser);

        login.expectStatus(201);
        assertThat(login.json().get("userEmail").asText()).isEqualTo(NodeOidcProvider.USER.get("email"));
        JsonNode me = browser.me();
        assertThat(me.get("email").asText()).isEqualTo(NodeOidcProvider.USER.get("email"));
        assertThat(me.get("name").asText()).isEqualTo(NodeOidcProvider.USER.get("name"));
        User user = app.services().users().findByOAuth(provider.issuer(), (String) NodeOidcProvider.USER.get("sub")).orElseThrow();
        // preferred_username and immich_quota come from UserInfo (oidc-provider puts scope claims there, not in the ID token).
        assertThat(user.storageLabel()).isEqualTo("nodeuser");
        assertThat(user.quotaSizeInBytes()).isEqualTo(25 * GIB);
        assertThat(user.emailVerified()).isTrue();
    }

    @Test
    void a_key_rotated_under_the_same_kid_is_fetched_again_and_the_next_login_works() throws Exception {
        NodeProviderAdapterApp app = adapterFor("rotation");
        app.webLogin(app.browser()).expectStatus(201);
        long fetches = provider.requestCount(JWKS_REQUEST);

        NodeOidcProvider.Rotation rotation = provider.rotateKeys();

        assertThat(kids(rotation.after())).isEqualTo(kids(rotation.before()));
        assertThat(rotation.after()).isNotEqualTo(rotation.before());
        ApiResponse second = app.webLogin(app.browser());
        second.expectStatus(201);
        assertThat(second.json().get("userEmail").asText()).isEqualTo(NodeOidcProvider.USER.get("email"));
        // The cached set still had the kid: only the failed signature made the adapter fetch it again, once.
        assertThat(provider.requestCount(JWKS_REQUEST)).isEqualTo(fetches + 1);
    }

    @Test
    void a_signed_userinfo_is_not_taken_for_json() {
        NodeProviderAdapterApp app = adapterFor("signed-userinfo");
        app.configure(config -> config.profileSigningAlgorithm = "none");

        ApiResponse login = app.webLogin(app.browser());

        login.expectStatus(500);
        assertThat(login.json().get("reason").asText()).isEqualTo("USERINFO_INVALID");
    }

    @Test
    void a_refused_token_request_logs_the_provider_error_code() {
        NodeProviderAdapterApp app = adapterFor("rs256-post");
        app.configure(config -> config.clientSecret = "not-the-secret-of-rs256-post-0123456789abcdef");

        try (LogCapture log = new LogCapture()) {
            ApiResponse login = app.webLogin(app.browser());

            login.expectStatus(500);
            assertThat(login.json().get("reason").asText()).isEqualTo("TOKEN_REQUEST_FAILED");
            // oidc-provider answers its HTML error page unless the request accepts JSON: then the code was null.
            assertThat(log.text()).contains("token endpoint error invalid_client").doesNotContain("token endpoint error null");
        }
    }

    private static List<String> kids(String jwks) throws Exception {
        List<String> kids = new ArrayList<>();
        new ObjectMapper().readTree(jwks).get("keys").forEach(key -> kids.add(key.get("kid").asText()));
        return kids;
    }
}
