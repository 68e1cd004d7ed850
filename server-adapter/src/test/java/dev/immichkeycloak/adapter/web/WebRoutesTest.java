package dev.immichkeycloak.adapter.web;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.TestApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page routes over plain HTTP: where each visitor is sent, the security headers, and which files are served. */
class WebRoutesTest {

    @TempDir
    Path dataDir;

    @Test
    void a_fresh_server_sends_everyone_to_registration() {
        try (TestApp app = TestApp.start(dataDir)) {
            assertRedirect(app.get("/"), "/auth/login");
            assertRedirect(app.get("/auth/login"), "/auth/register");
            assertThat(app.get("/auth/register").expectStatus(200).header("Content-Type")).startsWith("text/html");
        }
    }

    @Test
    void once_initialized_registration_is_closed_and_visitors_get_the_login_page() {
        try (TestApp app = TestApp.start(dataDir)) {
            app.signUpAdminAndLogin();

            assertRedirect(app.get("/auth/register"), "/auth/login");
            assertThat(app.get("/auth/login").expectStatus(200).body()).contains("<script type=\"module\" src=\"/web/login.js\">");
            assertRedirect(app.get("/photos"), "/auth/login?continue=%2Fphotos");
            assertRedirect(app.get("/user-settings"), "/auth/login?continue=%2Fuser-settings");
            assertRedirect(app.get("/admin/system-settings"), "/auth/login?continue=%2Fadmin%2Fsystem-settings");
        }
    }

    @Test
    void a_signed_in_user_is_sent_to_photos_and_only_admins_reach_the_settings() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            String user = app.createUserAndLogin(admin, "erin@example.com", "erin-password");
            String userCookie = "immich_access_token=" + user;

            assertRedirect(app.get("/", "Cookie", userCookie), "/photos");
            assertRedirect(app.get("/auth/login", "Cookie", userCookie), "/photos");
            assertThat(app.get("/photos", "Cookie", userCookie).status()).isEqualTo(200);
            assertThat(app.get("/user-settings", "Cookie", userCookie).status()).isEqualTo(200);
            assertRedirect(app.get("/admin/system-settings", "Cookie", userCookie), "/photos");
            assertThat(app.get("/admin/system-settings", "Cookie", "immich_access_token=" + admin).status()).isEqualTo(200);
            assertThat(app.get("/admin/system-settings", bearer(admin)).status()).isEqualTo(200);
        }
    }

    @Test
    void an_invalid_session_cookie_counts_as_signed_out() {
        try (TestApp app = TestApp.start(dataDir)) {
            app.signUpAdminAndLogin();

            assertThat(app.get("/auth/login", "Cookie", "immich_access_token=not-a-session").status()).isEqualTo(200);
            assertRedirect(app.get("/photos", "Cookie", "immich_access_token=not-a-session"), "/auth/login?continue=%2Fphotos");
        }
    }

    @Test
    void pages_and_files_carry_a_strict_content_security_policy() {
        try (TestApp app = TestApp.start(dataDir)) {
            app.signUpAdminAndLogin();

            for (ApiResponse response : new ApiResponse[] {app.get("/auth/login"), app.get("/web/app.js"), app.get("/web/app.css")}) {
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("Content-Security-Policy")).startsWith("default-src 'self'").contains("frame-ancestors 'none'")
                        .doesNotContain("unsafe");
                assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(response.header("Referrer-Policy")).isEqualTo("no-referrer");
            }
            assertThat(app.get("/auth/login").header("Cache-Control")).isEqualTo("no-store");
            assertThat(app.get("/web/login.js").header("Content-Type")).startsWith("text/javascript");
            assertThat(app.get("/web/app.css").header("Content-Type")).startsWith("text/css");
            assertThat(app.get("/web/favicon.svg").header("Content-Type")).startsWith("image/svg+xml");
        }
    }

    @Test
    void pages_have_no_inline_script_or_style_and_scripts_never_write_html() {
        try (TestApp app = TestApp.start(dataDir)) {
            app.signUpAdminAndLogin();
            String admin = app.login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
            String cookie = "immich_access_token=" + admin;
            for (String page : new String[] {"/auth/login", "/photos", "/user-settings", "/admin/system-settings"}) {
                String html = (page.startsWith("/auth/") ? app.get(page) : app.get(page, "Cookie", cookie)).expectStatus(200).body();
                assertThat(html).as(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContain("style=").doesNotContain("on" + "click=");
            }
            for (String script : WebAssets.FILES.stream().filter(name -> name.endsWith(".js")).toList()) {
                assertThat(app.get("/web/" + script).body()).as(script).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML",
                        "document.write", "eval(");
            }
        }
    }

    @Test
    void only_the_listed_files_are_served() {
        try (TestApp app = TestApp.start(dataDir)) {
            assertThat(app.get("/web/login.html").status()).isEqualTo(404);
            assertThat(app.get("/web/..%2Flogback.xml").status()).isEqualTo(404);
            assertThat(app.get("/web/nope.js").status()).isEqualTo(404);
            assertThat(app.get("/web/nope.js").message()).isEqualTo("Cannot GET /web/nope.js");
        }
    }

    private static void assertRedirect(ApiResponse response, String location) {
        assertThat(response.status()).as("status of %s", response.raw().uri()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo(location);
    }
}
