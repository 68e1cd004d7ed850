package dev.immichkeycloak.adapter.web;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.oidc.OAuthModule;
import dev.immichkeycloak.adapter.support.Browser;
import dev.immichkeycloak.adapter.support.Settings;
import dev.immichkeycloak.adapter.support.TestApp;
import dev.immichkeycloak.adapter.user.User;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/** The user settings page in a real headless Chromium: account details and the OAuth section (linking itself needs a provider). */
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserSettingsPageTest {

    private static final long HALF_GIB = 512L * 1024 * 1024;

    private final Browser browser;

    @TempDir
    Path dataDir;

    UserSettingsPageTest(Browser browser) {
        this.browser = browser;
    }

    @Test
    void shows_the_account_and_no_oauth_section_while_oauth_is_off() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            String frank = createUser(app, admin);

            open(app, frank);

            browser.visibleWithText(By.id("user-name"), "Frank Fuller");
            assertThat(browser.visibleId("user-email").getText()).isEqualTo("frank@example.com");
            assertThat(browser.visibleId("storage-label").getText()).isEqualTo("frank");
            assertThat(browser.visibleId("quota").getText()).isEqualTo("0.5 GiB");
            assertThat(browser.isShown(By.id("oauth"))).isFalse();
            browser.assertNoConsoleErrors();
        }
    }

    @Test
    void offers_link_when_not_linked_and_unlink_when_linked() {
        try (TestApp app = TestApp.start(dataDir)) {
            String frank = oauthOnWithUser(app);

            open(app, frank);

            assertThat(browser.visibleId("link-button").getText()).isEqualTo("Link to OAuth");
            assertThat(browser.isShown(By.id("unlink-button"))).isFalse();
            assertThat(browser.visibleId("oauth-badge").getText()).isEqualToIgnoringCase("Not linked");

            User user = app.services().users().findByEmail("frank@example.com").orElseThrow();
            app.services().users().linkOAuth(user.id(), "http://localhost:9/realms/immich", "frank-sub");
            browser.driver().navigate().refresh();

            assertThat(browser.visibleId("unlink-button").getText()).isEqualTo("Unlink OAuth");
            assertThat(browser.isShown(By.id("link-button"))).isFalse();
            assertThat(browser.visibleId("oauth-badge").getText()).isEqualToIgnoringCase("Linked");
            browser.assertNoConsoleErrors();
        }
    }

    @Test
    void unlink_asks_first_and_cancel_keeps_the_link() {
        try (TestApp app = TestApp.start(dataDir, Map.of(), OAuthModule::extensions)) {
            String frank = oauthOnWithUser(app);
            User user = app.services().users().findByEmail("frank@example.com").orElseThrow();
            app.services().users().linkOAuth(user.id(), "http://localhost:9/realms/immich", "frank-sub");
            open(app, frank);

            browser.click("unlink-button");
            browser.visibleWithText(By.id("unlink-dialog"), "Unlink OAuth?");
            browser.screenshot("user-settings-unlink-dialog");
            browser.click("unlink-cancel");
            browser.waitHidden(By.id("unlink-dialog"));
            assertThat(app.services().users().findById(user.id()).orElseThrow().isOAuthLinked()).isTrue();
            assertThat(browser.visibleId("oauth-badge").getText()).isEqualToIgnoringCase("Linked");

            browser.click("unlink-button");
            browser.click("unlink-confirm");

            browser.visibleWithText(By.id("toasts"), "Unlinked OAuth account");
            assertThat(app.services().users().findById(user.id()).orElseThrow().isOAuthLinked()).isFalse();
            assertThat(browser.visibleId("oauth-badge").getText()).isEqualToIgnoringCase("Not linked");
            assertThat(browser.visibleId("link-button").getText()).isEqualTo("Link to OAuth");
            browser.assertNoConsoleErrors();
        }
    }

    /** Issue 11: a Keycloak issuer gives users a link to its account console, derived when no URL is configured. */
    @Test
    void manage_your_account_links_to_keycloaks_account_console() {
        try (TestApp app = TestApp.start(dataDir)) {
            String frank = oauthOnWithUser(app);

            open(app, frank);

            assertThat(browser.visibleWithText(By.id("manage-account"), "Manage your account").getAttribute("href"))
                    .isEqualTo("http://localhost:9/realms/immich/account");
        }
    }

    @Test
    void open_oauth_moves_focus_to_the_oauth_section() {
        try (TestApp app = TestApp.start(dataDir)) {
            String frank = oauthOnWithUser(app);
            browser.open(app.uri("/auth/login"));
            browser.addSessionCookie(frank);

            browser.open(app.uri("/user-settings?open=oauth"));

            browser.visibleId("link-button");
            assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("oauth-title");
        }
    }

    /** Signs up the admin, turns OAuth on at a Keycloak-style issuer (never contacted here) and creates frank; his token. */
    private String oauthOnWithUser(TestApp app) {
        String admin = app.signUpAdminAndLogin();
        Settings.change(app, admin, Settings.oauth(oauth -> oauth.put("enabled", true)
                .put("issuerUrl", "http://localhost:9/realms/immich").put("clientId", "immich")));
        return createUser(app, admin);
    }

    private String createUser(TestApp app, String admin) {
        app.post("/api/admin/users", app.json(Map.of("email", "frank@example.com", "password", "frank-password", "name", "Frank Fuller",
                "storageLabel", "frank", "quotaSizeInBytes", HALF_GIB)), bearer(admin)).expectStatus(201);
        return app.login("frank@example.com", "frank-password");
    }

    private void open(TestApp app, String token) {
        browser.open(app.uri("/auth/login"));
        browser.addSessionCookie(token);
        browser.open(app.uri("/user-settings"));
        browser.waitForPath("/user-settings");
        browser.visibleId("account");
    }
}
