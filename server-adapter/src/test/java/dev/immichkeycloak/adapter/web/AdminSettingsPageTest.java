package dev.immichkeycloak.adapter.web;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.support.Browser;
import dev.immichkeycloak.adapter.support.Settings;
import dev.immichkeycloak.adapter.support.TestApp;
import dev.immichkeycloak.adapter.user.User;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The admin's authentication settings page in a real headless Chromium. */
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminSettingsPageTest {

    private static final String SECRET = "kc-secret-5b1f0c9e-do-not-render";

    private final Browser browser;

    @TempDir
    Path dataDir;

    AdminSettingsPageTest(Browser browser) {
        this.browser = browser;
    }

    @Test
    void every_setting_has_a_label_help_text_and_its_default() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = openAsAdmin(app);
            JsonNode config = app.get("/api/system-config", bearer(admin)).json();
            List<String> settings = new ArrayList<>();
            config.get("oauth").fieldNames().forEachRemaining(name -> settings.add("oauth." + name));
            settings.add("passwordLogin.enabled");

            List<String> shown = browser.driver().findElements(By.cssSelector("[data-path]")).stream()
                    .map(field -> field.getAttribute("data-path")).toList();

            assertThat(shown).containsExactlyInAnyOrderElementsOf(settings);
            for (String setting : settings) {
                WebElement field = browser.driver().findElement(By.cssSelector("[data-path='" + setting + "']"));
                assertThat(field.findElement(By.tagName("label")).getText()).as(setting).isNotBlank();
                assertThat(field.findElement(By.className("help")).getText()).as(setting).contains("Default: ");
            }
            assertThat(helpOf("oauth.scope")).contains("Default: openid email profile");
            assertThat(helpOf("oauth.timeout")).contains("Default: 30000");
            assertThat(helpOf("oauth.autoRegister")).contains("Default: on");
            assertThat(helpOf("oauth.syncClaimsOnLogin")).contains("Default: off");
            assertThat(browser.visibleId("f-oauth-scope").getAttribute("value")).isEqualTo("openid email profile");
            browser.assertNoConsoleErrors();
            browser.screenshot("admin-settings-defaults");
        }
    }

    @Test
    void saving_stores_the_change_and_keeps_the_secret_without_ever_putting_it_in_the_page() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminWithSession();
            Settings.change(app, admin, Settings.oauth(oauth -> oauth.put("clientSecret", SECRET).put("clientId", "immich")));
            openAsAdmin(app, admin);

            WebElement secret = browser.visibleId("f-oauth-clientSecret");
            assertThat(secret.getAttribute("value")).isEmpty();
            assertThat(secret.getAttribute("placeholder")).isEqualTo("•••• (set)");
            assertThat(browser.driver().getPageSource()).doesNotContain(SECRET);

            browser.type("f-oauth-buttonText", "Sign in with Keycloak");
            browser.click("f-oauth-syncClaimsOnLogin");
            browser.click("save-button");

            browser.visibleWithText(By.id("toasts"), "Settings saved");
            OAuthConfig saved = app.services().systemConfig().get().oauth();
            assertThat(saved.buttonText()).isEqualTo("Sign in with Keycloak");
            assertThat(saved.syncClaimsOnLogin()).isTrue();
            assertThat(saved.clientSecret()).isEqualTo(SECRET);
            assertThat(browser.driver().getPageSource()).doesNotContain(SECRET);

            browser.driver().navigate().refresh();
            assertThat(browser.visibleId("f-oauth-buttonText").getAttribute("value")).isEqualTo("Sign in with Keycloak");
            assertThat(browser.visibleId("f-oauth-syncClaimsOnLogin").isSelected()).isTrue();
            browser.assertNoConsoleErrors();
        }
    }

    @Test
    void a_typed_secret_replaces_the_stored_one_and_remove_clears_it() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminWithSession();
            Settings.change(app, admin, Settings.oauth(oauth -> oauth.put("clientSecret", SECRET)));
            openAsAdmin(app, admin);

            browser.type("f-oauth-clientSecret", "the-new-secret");
            browser.click("save-button");
            browser.visibleWithText(By.id("toasts"), "Settings saved");
            assertThat(app.services().systemConfig().get().oauth().clientSecret()).isEqualTo("the-new-secret");
            assertThat(browser.visibleId("f-oauth-clientSecret").getAttribute("value")).isEmpty();

            browser.click("secret-remove");
            assertThat(browser.visibleId("f-oauth-clientSecret").getAttribute("placeholder")).isEqualTo("Will be removed when you save");
            browser.click("save-button");
            browser.waitHidden(By.id("secret-remove"));
            assertThat(app.services().systemConfig().get().oauth().clientSecret()).isEmpty();
            assertThat(browser.visibleId("f-oauth-clientSecret").getAttribute("placeholder")).isEqualTo("Not set");
        }
    }

    @Test
    void a_bad_issuer_url_shows_the_servers_message_next_to_the_field() {
        try (TestApp app = TestApp.start(dataDir)) {
            openAsAdmin(app);

            browser.type("f-oauth-issuerUrl", "not a url");
            browser.type("f-oauth-timeout", "0");
            browser.click("save-button");

            WebElement error = browser.visibleWithText(By.id("f-oauth-issuerUrl-error"), "Issuer URL must be an empty string or a valid URL");
            assertThat(error.getText()).isEqualTo("Issuer URL must be an empty string or a valid URL");
            assertThat(browser.visibleId("f-oauth-issuerUrl").getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.visibleId("f-oauth-issuerUrl").getAttribute("aria-describedby")).contains("f-oauth-issuerUrl-error");
            assertThat(browser.visibleId("f-oauth-timeout-error").getText()).isEqualTo("Too small: expected number to be >=1");
            assertThat(browser.visibleId("form-error").getText()).isEqualTo("Check the 2 highlighted settings.");
            assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("f-oauth-issuerUrl");
            assertThat(app.services().systemConfig().get().oauth().issuerUrl()).isEmpty();
            browser.screenshot("admin-settings-invalid");

            browser.type("f-oauth-issuerUrl", "https://sso.example.com/realms/immich");
            browser.type("f-oauth-timeout", "10000");
            browser.click("save-button");
            browser.visibleWithText(By.id("toasts"), "Settings saved");
            assertThat(browser.isShown(By.id("f-oauth-issuerUrl-error"))).isFalse();
            assertThat(app.services().systemConfig().get().oauth().issuerUrl()).isEqualTo("https://sso.example.com/realms/immich");
            assertThat(app.services().systemConfig().get().oauth().timeout()).isEqualTo(10000);
        }
    }

    @Test
    void a_config_file_makes_the_page_read_only_with_a_notice() throws IOException {
        Path file = dataDir.resolve("immich-config.json");
        Files.writeString(file, "{\"oauth\": {\"enabled\": true, \"issuerUrl\": \"https://sso.example.com/realms/immich\", "
                + "\"clientId\": \"immich\", \"clientSecret\": \"" + SECRET + "\"}}");
        try (TestApp app = TestApp.start(dataDir, Map.of("IMMICH_CONFIG_FILE", file.toString()),
                dev.immichkeycloak.adapter.AdapterExtensions.none())) {
            openAsAdmin(app);

            assertThat(browser.visibleId("readonly-notice").getText()).contains("IMMICH_CONFIG_FILE");
            assertThat(browser.visibleId("f-oauth-issuerUrl").getAttribute("value")).isEqualTo("https://sso.example.com/realms/immich");
            assertThat(browser.visibleId("f-oauth-issuerUrl").isEnabled()).isFalse();
            assertThat(browser.visibleId("f-oauth-enabled").isEnabled()).isFalse();
            assertThat(browser.isShown(By.id("save-button"))).isFalse();
            assertThat(browser.driver().getPageSource()).doesNotContain(SECRET);
            browser.assertNoConsoleErrors();
            browser.screenshot("admin-settings-read-only");
        }
    }

    @Test
    void turning_on_the_mobile_override_fills_in_this_servers_forwarding_route() {
        try (TestApp app = TestApp.start(dataDir)) {
            openAsAdmin(app);
            assertThat(browser.visibleId("f-oauth-mobileRedirectUri").getAttribute("value")).isEmpty();

            browser.click("f-oauth-mobileOverrideEnabled");

            String origin = app.uri("").toString();
            assertThat(browser.visibleId("f-oauth-mobileRedirectUri").getAttribute("value")).isEqualTo(origin + "/api/oauth/mobile-redirect");
            browser.click("save-button");
            browser.visibleWithText(By.id("toasts"), "Settings saved");
            assertThat(app.services().systemConfig().get().oauth().mobileRedirectUri()).isEqualTo(origin + "/api/oauth/mobile-redirect");
        }
    }

    @Test
    void a_typed_mobile_redirect_uri_is_not_overwritten_by_the_switch() {
        try (TestApp app = TestApp.start(dataDir)) {
            openAsAdmin(app);
            browser.type("f-oauth-mobileRedirectUri", "https://photos.example.com/api/oauth/mobile-redirect");

            browser.click("f-oauth-mobileOverrideEnabled");

            assertThat(browser.visibleId("f-oauth-mobileRedirectUri").getAttribute("value"))
                    .isEqualTo("https://photos.example.com/api/oauth/mobile-redirect");
        }
    }

    @Test
    void unlink_all_asks_first_then_unlinks_every_account() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminWithSession();
            app.createUserAndLogin(admin, "carol@example.com", "carol-password");
            User carol = app.services().users().findByEmail("carol@example.com").orElseThrow();
            app.services().users().linkOAuth(carol.id(), "https://sso.example.com/realms/immich", "carol-sub");
            openAsAdmin(app, admin);

            browser.click("unlink-all-button");
            browser.visibleId("unlink-dialog");
            browser.screenshot("admin-settings-unlink-dialog");
            browser.click("unlink-cancel");
            browser.waitHidden(By.id("unlink-dialog"));
            assertThat(app.services().users().findById(carol.id()).orElseThrow().isOAuthLinked()).isTrue();

            browser.click("unlink-all-button");
            browser.click("unlink-confirm");

            browser.visibleWithText(By.id("toasts"), "Unlinked all OAuth accounts");
            assertThat(app.services().users().findById(carol.id()).orElseThrow().isOAuthLinked()).isFalse();
        }
    }

    @Test
    void recent_oauth_failures_are_listed_with_their_reason_and_correlation_id() {
        try (TestApp app = TestApp.start(dataDir)) {
            app.services().oauthFailures().add(new RecentOAuthFailure("2026-05-01T10:15:30Z", "POST /api/oauth/callback",
                    "STATE_MISSING", 400, "OAuth state is missing", "3f1c2a9e-0000-4000-8000-000000000001"));
            openAsAdmin(app);

            WebElement table = browser.visible(By.cssSelector("#failures-list table"));

            assertThat(table.getText()).contains("POST /api/oauth/callback", "STATE_MISSING", "400", "OAuth state is missing",
                    "3f1c2a9e-0000-4000-8000-000000000001");
            app.services().oauthFailures().add(new RecentOAuthFailure("2026-05-01T10:16:00Z", "POST /api/oauth/link",
                    "ALREADY_LINKED", 400, "This OAuth account has already been linked to another user.", "corr-2"));
            browser.click("failures-refresh");
            browser.visibleWithText(By.cssSelector("#failures-list tbody tr:first-child"), "ALREADY_LINKED");
        }
    }

    @Test
    void test_configuration_runs_the_provider_doctor_on_the_form_values_and_lists_its_findings() {
        try (TestApp app = TestApp.start(dataDir)) {
            openAsAdmin(app);
            // Nothing listens on port 9: discovery fails, which the doctor reports as a FAIL with a fix.
            browser.type("f-oauth-issuerUrl", "http://127.0.0.1:9/realms/immich");
            browser.type("f-oauth-clientId", "immich");
            browser.click("f-oauth-allowInsecureRequests");

            browser.click("diagnose-button");
            browser.visibleWithText(By.id("diagnose-result"), "clientSecret is required to test another issuer or client ID");

            browser.type("f-oauth-clientSecret", "candidate-secret");
            browser.click("diagnose-button");

            WebElement summary = browser.visibleWithText(By.cssSelector("#diagnose-result .alert"), "Logins will not work");
            assertThat(summary.getText()).containsPattern("\\d+ OK, \\d+ WARN, [1-9]\\d* FAIL");
            List<WebElement> badges = browser.driver().findElements(By.cssSelector("#diagnose-result .finding .badge"));
            assertThat(badges).extracting(WebElement::getText).contains("FAIL").allMatch(text -> List.of("OK", "WARN", "FAIL").contains(text));
            assertThat(browser.driver().findElement(By.cssSelector("#diagnose-result .finding .fix")).getText()).startsWith("Fix: ");
            assertThat(app.services().systemConfig().get().oauth().issuerUrl()).as("testing does not save").isEmpty();
            browser.screenshot("admin-settings-diagnose-fail");
        }
    }

    @Test
    void the_settings_page_fits_a_phone_screen() {
        try (TestApp app = TestApp.start(dataDir)) {
            browser.phoneSize();
            openAsAdmin(app);

            Number pageWidth = (Number) browser.driver().executeScript("return document.documentElement.scrollWidth");
            Number screenWidth = (Number) browser.driver().executeScript("return window.innerWidth");
            assertThat(pageWidth.intValue()).isLessThanOrEqualTo(screenWidth.intValue());
            assertThat(browser.visibleId("f-oauth-issuerUrl").getSize().getWidth()).isGreaterThan(screenWidth.intValue() / 2);
            browser.screenshot("admin-settings-phone");
        }
    }

    @Test
    void with_no_failures_the_page_says_so() {
        try (TestApp app = TestApp.start(dataDir)) {
            openAsAdmin(app);

            browser.visibleWithText(By.id("failures-list"), "No OAuth failures since the server started.");
        }
    }

    private String openAsAdmin(TestApp app) {
        String admin = app.signUpAdminWithSession();
        openAsAdmin(app, admin);
        return admin;
    }

    private void openAsAdmin(TestApp app, String token) {
        browser.open(app.uri("/auth/login"));
        browser.addSessionCookie(token);
        browser.open(app.uri("/admin/system-settings"));
        browser.waitForPath("/admin/system-settings");
        browser.visibleId("settings-form");
    }

    private String helpOf(String path) {
        return browser.driver().findElement(By.cssSelector("[data-path='" + path + "'] .help")).getText();
    }
}
