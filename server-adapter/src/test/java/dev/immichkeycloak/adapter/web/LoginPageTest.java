package dev.immichkeycloak.adapter.web;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.oidc.OAuthModule;
import dev.immichkeycloak.adapter.support.Browser;
import dev.immichkeycloak.adapter.support.Concurrently;
import dev.immichkeycloak.adapter.support.Settings;
import dev.immichkeycloak.adapter.testing.FakeOpenIdProvider;
import dev.immichkeycloak.adapter.support.TestApp;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The registration, login, landing and logout pages in a real headless Chromium, with password login (no provider). */
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginPageTest {

    private static final long TEN_GIB = 10L * 1024 * 1024 * 1024;

    private final Browser browser;

    @TempDir
    Path dataDir;

    LoginPageTest(Browser browser) {
        this.browser = browser;
    }

    @Test
    void a_fresh_server_sends_the_visitor_to_admin_registration_and_then_to_the_admin_settings() {
        try (TestApp app = TestApp.start(dataDir)) {
            browser.open(app.uri("/"));
            browser.waitForPath("/auth/register");
            browser.type("name", "Ada Admin");
            browser.type("email", "ada@example.com");
            browser.type("password", "correct horse battery");
            browser.type("confirm", "correct horse battery!");
            browser.screenshot("register");
            browser.click("register-button");

            assertThat(browser.visibleWithText(By.id("confirm-error"), "Passwords do not match").isDisplayed()).isTrue();
            assertThat(browser.visibleId("confirm").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(app.services().users().adminExists()).isFalse();

            browser.type("confirm", "correct horse battery");
            browser.click("register-button");

            browser.waitForPath("/admin/system-settings");
            browser.visibleId("settings-form");
            assertThat(app.services().users().findByEmail("ada@example.com").orElseThrow().isAdmin()).isTrue();
            browser.assertNoConsoleErrors();
            browser.open(app.uri("/auth/register"));
            browser.waitForPath("/photos");
        }
    }

    @Test
    void password_login_lands_on_photos_with_the_users_name_storage_label_and_quota() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            app.post("/api/admin/users", app.json(Map.of("email", "alice@example.com", "password", "alice-password", "name", "Alice Liddell",
                    "storageLabel", "alice", "quotaSizeInBytes", TEN_GIB, "shouldChangePassword", false)), bearer(admin)).expectStatus(201);

            browser.open(app.uri("/auth/login"));
            browser.visibleId("password-form");
            assertThat(browser.isShown(By.id("oauth-button"))).isFalse();
            assertThat(browser.isShown(By.id("divider"))).isFalse();
            browser.type("email", "alice@example.com");
            browser.type("password", "wrong-password");
            browser.click("login-button");
            browser.visibleWithText(By.id("error"), "Incorrect email or password");
            browser.consoleErrors(); // the 401 of the wrong password is logged by the browser, as it should be

            browser.type("password", "alice-password");
            browser.click("login-button");

            browser.waitForPath("/photos");
            browser.visibleWithText(By.id("user-name"), "Alice Liddell");
            assertThat(browser.visibleId("user-email").getText()).isEqualTo("alice@example.com");
            assertThat(browser.visibleId("storage-label").getText()).isEqualTo("alice");
            assertThat(browser.visibleId("quota").getText()).isEqualTo("10 GiB");
            assertThat(browser.isShown(By.id("admin-badge"))).isFalse();
            assertThat(browser.isShown(By.id("nav-admin"))).isFalse();
            browser.assertNoConsoleErrors();
            browser.screenshot("photos-user");
        }
    }

    @Test
    void the_admin_sees_the_admin_badge_and_the_administration_link() {
        try (TestApp app = TestApp.start(dataDir)) {
            app.signUpAdminAndLogin();

            loginWithPassword(app, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

            browser.waitForPath("/photos");
            browser.visibleWithText(By.id("user-name"), "Admin");
            assertThat(browser.visibleId("admin-badge").getText()).isEqualToIgnoringCase("Admin");
            assertThat(browser.visibleId("quota").getText()).isEqualTo("Unlimited");
            assertThat(browser.visibleId("storage-label").getText())
                    .isEqualTo(storageLabelOrNone(app.services().users().findByEmail(TestApp.ADMIN_EMAIL).orElseThrow().storageLabel()));
            assertThat(browser.visibleId("nav-admin").getAttribute("href")).endsWith("/admin/system-settings");
            browser.screenshot("photos-admin");
        }
    }

    @Test
    void logout_goes_back_to_the_login_page_without_auto_launch_and_ends_the_session() {
        try (TestApp app = TestApp.start(dataDir)) {
            app.signUpAdminAndLogin();
            loginWithPassword(app, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
            browser.waitForPath("/photos");
            browser.visibleId("account");

            browser.click("logout");

            browser.waitForPath("/auth/login?autoLaunch=0");
            browser.visibleId("password-form");
            browser.open(app.uri("/photos"));
            browser.waitForPath("/auth/login?continue=%2Fphotos");
        }
    }

    @Test
    void a_page_that_needs_a_login_comes_back_after_it_and_the_login_page_is_skipped_when_signed_in() {
        try (TestApp app = TestApp.start(dataDir)) {
            app.signUpAdminAndLogin();
            browser.open(app.uri("/user-settings"));
            browser.waitForPath("/auth/login?continue=%2Fuser-settings");

            browser.type("email", TestApp.ADMIN_EMAIL);
            browser.type("password", TestApp.ADMIN_PASSWORD);
            browser.click("login-button");

            browser.waitForPath("/user-settings");
            browser.open(app.uri("/auth/login"));
            browser.waitForPath("/photos");
            browser.open(app.uri("/"));
            browser.waitForPath("/photos");
        }
    }

    @Test
    void continue_never_leaves_the_site() {
        try (TestApp app = TestApp.start(dataDir)) {
            app.signUpAdminAndLogin();
            browser.open(app.uri("/auth/login?continue=//evil.example/photos"));
            browser.type("email", TestApp.ADMIN_EMAIL);
            browser.type("password", TestApp.ADMIN_PASSWORD);
            browser.click("login-button");

            browser.waitForPath("/photos");
            assertThat(browser.driver().getCurrentUrl()).startsWith(app.uri("/").toString());
        }
    }

    @Test
    void a_user_who_is_not_admin_is_sent_away_from_the_admin_settings() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            app.createUserAndLogin(admin, "bob@example.com", "bob-password");
            loginWithPassword(app, "bob@example.com", "bob-password");
            browser.waitForPath("/photos");

            browser.open(app.uri("/admin/system-settings"));

            browser.waitForPath("/photos");
        }
    }

    @Test
    void login_has_been_disabled_when_neither_password_nor_oauth_login_is_on() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            Settings.change(app, admin, Settings.passwordLogin(false));

            browser.open(app.uri("/auth/login"));

            assertThat(browser.visibleWithText(By.id("disabled"), "Login has been disabled.").getText()).isEqualTo("Login has been disabled.");
            assertThat(browser.isShown(By.id("password-form"))).isFalse();
            assertThat(browser.isShown(By.id("oauth-button"))).isFalse();
            assertThat(browser.isShown(By.id("divider"))).isFalse();
            browser.assertNoConsoleErrors();
            browser.screenshot("login-disabled");
        }
    }

    @Test
    void the_password_form_is_hidden_when_password_login_is_off_and_the_oauth_button_is_primary() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            Settings.change(app, admin, Settings.oauth(oauth -> oauth.put("enabled", true)
                    .put("issuerUrl", "http://localhost:9/realms/immich").put("clientId", "immich").put("buttonText", "Sign in with Keycloak")));
            Settings.change(app, admin, Settings.passwordLogin(false));

            browser.open(app.uri("/auth/login"));

            assertThat(browser.visibleWithText(By.id("oauth-button"), "Sign in with Keycloak").getAttribute("class")).contains("btn-primary");
            assertThat(browser.isShown(By.id("password-form"))).isFalse();
            assertThat(browser.isShown(By.id("divider"))).isFalse();
            assertThat(browser.isShown(By.id("disabled"))).isFalse();
            browser.assertNoConsoleErrors();
        }
    }

    @Test
    void both_methods_show_the_password_form_the_or_divider_and_the_configured_button_text() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            Settings.change(app, admin, Settings.oauth(oauth -> oauth.put("enabled", true)
                    .put("issuerUrl", "http://localhost:9/realms/immich").put("clientId", "immich").put("buttonText", "Sign in with Keycloak")));

            browser.open(app.uri("/auth/login"));

            assertThat(browser.visibleWithText(By.id("oauth-button"), "Sign in with Keycloak").getAttribute("class")).contains("btn-secondary");
            assertThat(browser.visibleId("password-form").isDisplayed()).isTrue();
            assertThat(browser.visibleId("divider").getText()).isEqualTo("OR");
            browser.assertNoConsoleErrors();
            browser.screenshot("login-password-and-oauth");
        }
    }

    @Test
    void the_login_page_fits_a_phone_screen() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            Settings.change(app, admin, Settings.oauth(oauth -> oauth.put("enabled", true)
                    .put("issuerUrl", "http://localhost:9/realms/immich").put("clientId", "immich")));
            browser.phoneSize();

            browser.open(app.uri("/auth/login"));
            browser.visibleId("oauth-button");

            Number pageWidth = (Number) browser.driver().executeScript("return document.documentElement.scrollWidth");
            Number screenWidth = (Number) browser.driver().executeScript("return window.innerWidth");
            assertThat(pageWidth.intValue()).isLessThanOrEqualTo(screenWidth.intValue());
            assertThat(browser.visibleId("oauth-button").getSize().getWidth()).isGreaterThan(screenWidth.intValue() / 2);
            browser.screenshot("login-phone");
        }
    }

    /**
     * Issue 12: the page opened at 127.0.0.1 while the public URL is localhost. The server refuses the redirect URI, and the page
     * names the address to use (the server's public URL, from {@code externalDomain}) instead of a bare "Invalid redirect URI".
     */
    @Test
    void oauth_from_an_address_the_server_does_not_accept_names_the_public_url() throws IOException {
        int port = freePort();
        String publicUrl = "http://localhost:" + port;
        try (TestApp app = TestApp.start(dataDir, Map.of("IMMICH_PORT", String.valueOf(port), "IMMICH_PUBLIC_URL", publicUrl),
                OAuthModule::extensions)) {
            String admin = app.signUpAdminAndLogin();
            Settings.change(app, admin, Settings.oauth(oauth -> oauth.put("enabled", true)
                    .put("issuerUrl", "http://localhost:9/realms/immich").put("clientId", "immich")));

            browser.open(app.uri("/auth/login"));
            browser.click("oauth-button");

            WebElement hint = browser.visibleWithText(By.id("wrong-address"),
                    "Open this server at " + publicUrl + " to sign in with OAuth.");
            assertThat(hint.findElement(By.tagName("a")).getAttribute("href")).isEqualTo(publicUrl + "/auth/login");
            assertThat(browser.visibleId("error").getText()).contains("This address (http://127.0.0.1:" + port + ")");
            assertThat(browser.pathAndQuery()).isEqualTo("/auth/login");
            browser.screenshot("login-wrong-address");
            browser.consoleErrors(); // the 400 of the refused redirect URI is logged by the browser, as it should be
        }
    }

    /**
     * Issue 12 item 7: after a refused OAuth login the provider still has a session for that person, so the next click would log
     * the same person in again. The error page offers "Use another account", which starts the login with {@code prompt=login}.
     */
    @Test
    void a_failed_oauth_login_offers_another_account_with_prompt_login() throws IOException {
        int port = freePort();
        try (FakeOpenIdProvider provider = FakeOpenIdProvider.start();
             TestApp app = TestApp.start(dataDir, Map.of("IMMICH_PORT", String.valueOf(port), "IMMICH_PUBLIC_URL",
                     "http://127.0.0.1:" + port), OAuthModule::extensions)) {
            String admin = app.signUpAdminAndLogin();
            Settings.change(app, admin, Settings.oauth(oauth -> oauth.put("enabled", true).put("issuerUrl", provider.issuer())
                    .put("clientId", FakeOpenIdProvider.CLIENT_ID).put("clientSecret", FakeOpenIdProvider.CLIENT_SECRET)
                    .put("allowInsecureRequests", true)));
            provider.authorizeError("access_denied", null);

            browser.open(app.uri("/auth/login?autoLaunch=0"));
            assertThat(browser.isShown(By.id("other-account-button"))).isFalse();
            browser.click("oauth-button");
            browser.visibleId("other-account-button");
            assertThat(browser.visibleId("error").getText()).isNotBlank();
            assertThat(provider.lastAuthorizeParam("prompt")).isNull();

            browser.click("other-account-button");
            Instant deadline = Instant.now().plusSeconds(10);
            while (!"login".equals(provider.lastAuthorizeParam("prompt")) && Instant.now().isBefore(deadline)) {
                Concurrently.pause(50);
            }
            assertThat(provider.lastAuthorizeParam("prompt")).isEqualTo("login");
            browser.consoleErrors(); // the refused callback's 500 is logged by the browser, as it should be
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void loginWithPassword(TestApp app, String email, String password) {
        browser.open(app.uri("/auth/login"));
        browser.type("email", email);
        browser.type("password", password);
        browser.click("login-button");
    }

    private static String storageLabelOrNone(String label) {
        return label == null || label.isEmpty() ? "None" : label;
    }
}
