package dev.immichkeycloak.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The pages are assembled once at start-up: every include is replaced, and fragments are never served on their own. */
class WebAssetsTest {

    private final WebAssets assets = WebAssets.load();

    @Test
    void every_page_gets_the_shared_head_and_no_include_marker_is_left() {
        for (String page : WebAssets.PAGES) {
            String html = new String(assets.get(page).bytes(), StandardCharsets.UTF_8);
            assertThat(html).as(page).doesNotContain("<!-- include:")
                    .contains("<meta charset=\"utf-8\">", "<link rel=\"stylesheet\" href=\"/web/app.css\">");
        }
    }

    @Test
    void signed_in_pages_get_the_top_bar_and_the_auth_pages_do_not() {
        for (String page : new String[] {"photos.html", "user-settings.html", "admin-settings.html"}) {
            assertThat(new String(assets.get(page).bytes(), StandardCharsets.UTF_8)).as(page)
                    .contains("<header class=\"topbar\">", "id=\"nav-admin\"", "id=\"logout\"");
        }
        for (String page : new String[] {"login.html", "register.html"}) {
            assertThat(new String(assets.get(page).bytes(), StandardCharsets.UTF_8)).as(page).doesNotContain("topbar");
        }
    }

    @Test
    void fragments_are_not_public() {
        assertThat(assets.findPublic("head.html")).isEmpty();
        assertThat(assets.findPublic("topbar.html")).isEmpty();
    }
}
