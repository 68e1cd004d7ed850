package dev.immichkeycloak.adapter.web;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.immichkeycloak.adapter.support.Browser;
import dev.immichkeycloak.adapter.support.TestApp;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 1 in a real Chromium: a page on another port of 127.0.0.1 (the same site, so the {@code SameSite=Lax} session
 * cookie goes along) tries every way a page can post to the adapter. Nothing changes.
 */
@ExtendWith(BrowserExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossSitePageTest {

    private final Browser browser;

    @TempDir
    Path dataDir;

    CrossSitePageTest(Browser browser) {
        this.browser = browser;
    }

    @Test
    void a_page_on_another_port_cannot_change_anything() throws Exception {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            browser.open(app.uri("/auth/login"));
            browser.addSessionCookie(admin);

            HttpServer attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            attacker.createContext("/", exchange -> {
                byte[] page = attackPage(app.uri("").toString()).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            });
            attacker.start();
            try {
                browser.open(URI.create("http://127.0.0.1:" + attacker.getAddress().getPort() + "/"));
                waitForTitle("done", Duration.ofSeconds(15));
            } finally {
                attacker.stop(0);
            }

            assertThat(app.services().users().findByEmail("mallory@example.com")).isEmpty();
            assertThat(app.services().users().findByEmail("eve@example.com")).isEmpty();
            assertThat(app.services().systemConfig().get().oauth().enabled()).isFalse();
            assertThat(app.get("/api/sessions", bearer(admin)).expectStatus(200).json()).hasSize(1);
        }
    }

    /** Simple fetches (no pre-flight), a JSON fetch (pre-flight, never granted) and a text/plain form into a frame. */
    private static String attackPage(String adapter) {
        String base = adapter.endsWith("/") ? adapter.substring(0, adapter.length() - 1) : adapter;
        return """
                <!doctype html><html><head><title>working</title></head><body>
                <iframe name="sink"></iframe>
                <form id="form" method="POST" action="%1$s/api/admin/users" target="sink" enctype="text/plain">
                  <input name='{"email":"eve@example.com","password":"eve-password-1","name":"Eve","x":"' value='"}'>
                </form>
                <script>
                const base = '%1$s';
                const user = JSON.stringify({email: 'mallory@example.com', password: 'mallory-password', name: 'Mallory', isAdmin: true});
                const config = JSON.stringify({oauth: {enabled: true}});
                async function attempt(url, init) {
                  try { await fetch(base + url, Object.assign({credentials: 'include'}, init)); } catch (e) { }
                }
                (async () => {
                  await attempt('/api/admin/users', {method: 'POST', mode: 'no-cors', headers: {'Content-Type': 'text/plain'}, body: user});
                  await attempt('/api/admin/users', {method: 'POST', mode: 'cors', headers: {'Content-Type': 'application/json'}, body: user});
                  await attempt('/api/system-config', {method: 'PUT', mode: 'no-cors', body: config});
                  await attempt('/api/sessions', {method: 'DELETE', mode: 'no-cors'});
                  await attempt('/api/auth/logout', {method: 'POST', mode: 'no-cors'});
                  document.querySelector('iframe').addEventListener('load', () => { document.title = 'done'; });
                  document.getElementById('form').submit();
                })();
                </script></body></html>
                """.formatted(base);
    }

    private void waitForTitle(String title, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!title.equals(browser.driver().getTitle())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the attack page did not finish; title " + browser.driver().getTitle());
            }
            Thread.sleep(100);
        }
    }
}
