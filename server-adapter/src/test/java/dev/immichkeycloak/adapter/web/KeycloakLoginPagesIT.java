package dev.immichkeycloak.adapter.web;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.config.PasswordLoginConfig;
import dev.immichkeycloak.adapter.config.SystemConfig;
import dev.immichkeycloak.adapter.oidc.OAuthModule;
import dev.immichkeycloak.adapter.support.Browser;
import dev.immichkeycloak.adapter.support.TestApp;
import dev.immichkeycloak.adapter.user.User;
import dev.immichkeycloak.testing.KeycloakExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.NewUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * The pages against the REAL Keycloak of the test fixture (bundled realm, Immich claims mapper) in a real headless Chromium:
 * OAuth set up in the admin page, login through Keycloak's own login page, auto launch, link and unlink, logout without a
 * confirmation page, and a cancelled login. The adapter runs on {@code http://localhost:<free port>}; its redirect URIs are
 * added to the realm's {@code immich} client for the run and removed afterwards.
 */
@ExtendWith(KeycloakExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeycloakLoginPagesIT {

    private static final String CLIENT = "immich";
    private static final long GIB = 1024L * 1024 * 1024;

    private final KeycloakServer keycloak;
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private Browser browser;
    private TestApp app;
    private String base;
    private String adminToken;
    private ObjectNode originalClient;

    KeycloakLoginPagesIT(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    @BeforeAll
    void start(@TempDir Path dataDir) {
        int port = freePort();
        base = "http://localhost:" + port;
        app = TestApp.start(dataDir, Map.of("IMMICH_PORT", String.valueOf(port), "IMMICH_PUBLIC_URL", base), OAuthModule::extensions);
        adminToken = app.signUpAdminWithSession();
        originalClient = keycloak.admin().client(CLIENT).deepCopy();
        keycloak.admin().updateClient(CLIENT, client -> {
            ArrayNode redirects = (ArrayNode) client.get("redirectUris");
            redirects.add(base + "/auth/login").add(base + "/user-settings").add(base + "/api/oauth/mobile-redirect");
            ObjectNode attributes = (ObjectNode) client.get("attributes");
            String logout = attributes.path("post.logout.redirect.uris").asText("");
            attributes.put("post.logout.redirect.uris", (logout.isEmpty() ? "" : logout + "##") + base + "/auth/login?autoLaunch=0");
        });
        browser = Browser.start();
    }

    @AfterAll
    void stop() {
        try {
            if (originalClient != null) {
                keycloak.admin().updateClient(CLIENT, client -> {
                    client.set("redirectUris", originalClient.get("redirectUris"));
                    client.set("attributes", originalClient.get("attributes"));
                    client.put("consentRequired", originalClient.path("consentRequired").asBoolean(false));
                });
            }
        } finally {
            if (browser != null) {
                browser.close();
            }
            if (app != null) {
                app.close();
            }
        }
    }

    @BeforeEach
    void reset() {
        browser.reset();
        app.services().systemConfig().update(new SystemConfig(keycloakOAuth(false), PasswordLoginConfig.defaults()));
    }

    @Test
    void the_admin_enables_oauth_in_the_settings_page_and_the_provider_test_passes() {
        app.services().systemConfig().update(SystemConfig.defaults());
        signIn(adminToken, "/admin/system-settings");
        browser.visibleId("settings-form");

        browser.click("f-oauth-enabled");
        browser.type("f-oauth-issuerUrl", keycloak.issuer());
        browser.type("f-oauth-clientId", CLIENT);
        browser.type("f-oauth-clientSecret", keycloak.clientSecret(CLIENT));
        browser.click("f-oauth-allowInsecureRequests");
        browser.type("f-oauth-buttonText", "Login with Keycloak");
        browser.click("save-button");
        browser.visibleWithText(By.id("toasts"), "Settings saved");

        OAuthConfig saved = app.services().systemConfig().get().oauth();
        assertThat(saved.enabled()).isTrue();
        assertThat(saved.issuerUrl()).isEqualTo(keycloak.issuer());
        assertThat(saved.clientSecret()).isEqualTo(keycloak.clientSecret(CLIENT));
        assertThat(saved.allowInsecureRequests()).isTrue();

        browser.click("diagnose-button");
        browser.visibleWithText(By.cssSelector("#diagnose-result .alert"), "The provider configuration looks right.");
        assertThat(browser.driver().findElements(By.cssSelector("#diagnose-result .finding .badge")))
                .extracting(element -> element.getText()).isNotEmpty().doesNotContain("FAIL");
        browser.assertNoConsoleErrors();
        browser.screenshot("admin-settings");

        browser.reset();
        browser.open(java.net.URI.create(base + "/auth/login"));
        assertThat(browser.visibleWithText(By.id("oauth-button"), "Login with Keycloak").isDisplayed()).isTrue();
    }

    @Test
    void a_keycloak_user_logs_in_with_the_oauth_button_and_lands_on_photos_with_the_claims() {
        NewUser grace = keycloakUser("grace").withAttribute("immich_quota", "25").inGroups("/immich-admins");
        keycloak.admin().createUser(grace);

        open("/auth/login");
        browser.visibleId("password-form");
        assertThat(browser.visibleId("divider").getText()).isEqualTo("OR");
        browser.screenshot("login");
        browser.click("oauth-button");
        loginAtKeycloak(grace);

        browser.waitForPath("/photos");
        browser.visibleWithText(By.id("user-name"), "Grace Hopper");
        assertThat(browser.visibleId("user-email").getText()).isEqualTo(grace.email());
        assertThat(browser.visibleId("storage-label").getText()).isEqualTo(grace.username());
        assertThat(browser.visibleId("quota").getText()).isEqualTo("25 GiB");
        assertThat(browser.visibleId("admin-badge").isDisplayed()).isTrue();
        assertThat(browser.visibleId("oauth-state").getText()).isEqualTo("Linked");
        browser.screenshot("photos-oauth-admin");
        User user = app.services().users().findByEmail(grace.email()).orElseThrow();
        assertThat(user.isAdmin()).isTrue();
        assertThat(user.quotaSizeInBytes()).isEqualTo(25 * GIB);
        assertThat(user.oauthIssuer()).isEqualTo(keycloak.issuer());
    }

    @Test
    void auto_launch_goes_straight_to_keycloak_and_auto_launch_0_shows_the_login_page() {
        app.services().systemConfig().update(new SystemConfig(keycloakOAuth(true), PasswordLoginConfig.defaults()));

        open("/auth/login?autoLaunch=0");
        browser.visibleId("oauth-button");
        browser.visibleId("password-form");
        assertThat(browser.pathAndQuery()).isEqualTo("/auth/login?autoLaunch=0");

        open("/auth/login");
        browser.waitForUrlStartingWith(keycloak.issuer() + "/protocol/openid-connect/auth?");
        browser.visibleId("username");
        browser.screenshot("keycloak-login");

        browser.driver().navigate().back();
        browser.waitForPath("/auth/login?autoLaunch=0");
        browser.visibleId("oauth-button");
        assertThat(browser.driver().getCurrentUrl()).startsWith(base);
    }

    @Test
    void auto_launch_1_launches_even_when_the_setting_is_off_and_password_true_never_does() {
        app.services().systemConfig().update(new SystemConfig(keycloakOAuth(true), PasswordLoginConfig.defaults()));
        open("/auth/login?password=true");
        browser.visibleId("oauth-button");
        assertThat(browser.driver().getCurrentUrl()).startsWith(base);

        app.services().systemConfig().update(new SystemConfig(keycloakOAuth(false), PasswordLoginConfig.defaults()));
        open("/auth/login?autoLaunch=1");

        browser.waitForUrlStartingWith(keycloak.issuer() + "/protocol/openid-connect/auth?");
    }

    @Test
    void a_password_user_links_and_unlinks_oauth_from_user_settings() {
        app.post("/api/admin/users", app.json(Map.of("email", "heidi-" + run + "@example.com", "password", "heidi-password",
                "name", "Heidi Lamarr", "shouldChangePassword", false)), bearer(adminToken)).expectStatus(201);
        NewUser heidi = keycloakUser("heidi");
        keycloak.admin().createUser(heidi);
        open("/auth/login");
        browser.type("email", "heidi-" + run + "@example.com");
        browser.type("password", "heidi-password");
        browser.click("login-button");
        browser.waitForPath("/photos");

        open("/user-settings");
        browser.click("link-button");
        loginAtKeycloak(heidi);

        browser.waitForPath("/user-settings?open=oauth");
        browser.visibleWithText(By.id("toasts"), "Linked OAuth account");
        assertThat(browser.visibleId("oauth-badge").getText()).isEqualToIgnoringCase("Linked");
        assertThat(browser.visibleId("unlink-button").isDisplayed()).isTrue();
        User linked = app.services().users().findByEmail("heidi-" + run + "@example.com").orElseThrow();
        assertThat(linked.isOAuthLinked()).isTrue();
        assertThat(linked.oauthIssuer()).isEqualTo(keycloak.issuer());
        browser.screenshot("user-settings");

        browser.click("unlink-button");
        browser.visibleId("unlink-dialog");
        browser.click("unlink-confirm");

        browser.visibleWithText(By.id("toasts"), "Unlinked OAuth account");
        assertThat(browser.visibleId("link-button").isDisplayed()).isTrue();
        assertThat(browser.visibleId("oauth-badge").getText()).isEqualToIgnoringCase("Not linked");
        assertThat(app.services().users().findById(linked.id()).orElseThrow().isOAuthLinked()).isFalse();
    }

    @Test
    void logout_returns_to_the_login_page_without_a_keycloak_confirmation_and_ends_the_keycloak_session() {
        NewUser ivan = keycloakUser("ivan");
        keycloak.admin().createUser(ivan);
        open("/auth/login");
        browser.click("oauth-button");
        loginAtKeycloak(ivan);
        browser.waitForPath("/photos");
        browser.visibleId("account");

        browser.click("logout");

        browser.waitForPath("/auth/login?autoLaunch=0");
        assertThat(browser.driver().getCurrentUrl()).isEqualTo(base + "/auth/login?autoLaunch=0");
        browser.visibleId("oauth-button");
        // The Keycloak session is gone too: the button leads to Keycloak's login form, not straight back in.
        browser.click("oauth-button");
        browser.waitForUrlStartingWith(keycloak.issuer());
        browser.visibleId("username");
    }

    @Test
    void a_login_cancelled_at_keycloak_shows_a_readable_message_and_is_listed_for_the_admin() {
        NewUser judy = keycloakUser("judy");
        keycloak.admin().createUser(judy);
        keycloak.admin().updateClient(CLIENT, client -> client.put("consentRequired", true));
        try {
            open("/auth/login");
            browser.click("oauth-button");
            loginAtKeycloak(judy);
            browser.click("kc-cancel");

            browser.visibleWithText(By.id("error"), "Sign-in was cancelled or access was denied at the identity provider.");
            browser.waitForPath("/auth/login?autoLaunch=0");
            assertThat(browser.visibleId("oauth-button").isDisplayed()).isTrue();
            browser.screenshot("login-cancelled");
        } finally {
            keycloak.admin().updateClient(CLIENT, client -> client.put("consentRequired", false));
        }
        assertThat(app.services().users().findByEmail(judy.email())).isEmpty();

        JsonNode failures = app.get("/api/admin/oauth/status", bearer(adminToken)).expectStatus(200).json().get("recentFailures");
        assertThat(failures.get(0).get("route").asText()).isEqualTo("POST /api/oauth/callback");
        assertThat(failures.get(0).get("reason").asText()).isEqualTo("PROVIDER_ERROR");
        browser.reset();
        signIn(adminToken, "/admin/system-settings");
        browser.visibleWithText(By.cssSelector("#failures-list tbody tr:first-child"), "PROVIDER_ERROR");
    }

    private OAuthConfig keycloakOAuth(boolean autoLaunch) {
        OAuthConfig d = OAuthConfig.defaults();
        return new OAuthConfig(true, keycloak.issuer(), CLIENT, keycloak.clientSecret(CLIENT), d.scope(), d.prompt(),
                d.tokenEndpointAuthMethod(), d.timeout(), true, d.signingAlgorithm(), d.profileSigningAlgorithm(), d.storageLabelClaim(),
                d.storageQuotaClaim(), d.roleClaim(), d.defaultStorageQuota(), d.buttonText(), d.autoRegister(), autoLaunch,
                d.mobileOverrideEnabled(), d.mobileRedirectUri(), d.endSessionEndpoint(), d.syncClaimsOnLogin());
    }

    /** A Keycloak user unique to this run (the fixture's Keycloak may keep users between runs), named for the person. */
    private NewUser keycloakUser(String first) {
        String last = Map.of("grace", "Hopper", "heidi", "Lamarr", "ivan", "Sutherland", "judy", "Resnik").get(first);
        String username = first + "-" + run;
        return new NewUser(username, "password-" + run, username + "@example.test", Character.toUpperCase(first.charAt(0))
                + first.substring(1), last, Map.of(), List.of(), List.of());
    }

    /** Keycloak's own login form (theme keycloak.v2). */
    private void loginAtKeycloak(NewUser user) {
        browser.waitForUrlStartingWith(keycloak.issuer());
        browser.type("username", user.username());
        browser.type("password", user.password());
        browser.click("kc-login");
    }

    private void open(String path) {
        browser.open(java.net.URI.create(base + path));
    }

    private void signIn(String token, String path) {
        open("/auth/login?autoLaunch=0");
        browser.addSessionCookie(token);
        open(path);
        browser.waitForPath(path);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
