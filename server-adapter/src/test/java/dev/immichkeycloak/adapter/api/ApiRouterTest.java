package dev.immichkeycloak.adapter.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Operation ids become Immich's "Failed to …" words. */
class ApiRouterTest {

    @Test
    void operation_ids_split_into_immich_words() {
        assertThat(ApiRouter.words("finishOAuth")).isEqualTo("finish oauth");
        assertThat(ApiRouter.words("linkOAuthAccount")).isEqualTo("link oauth account");
        assertThat(ApiRouter.words("startOAuth")).isEqualTo("start oauth");
        assertThat(ApiRouter.words("logoutOAuth")).isEqualTo("logout oauth");
        assertThat(ApiRouter.words("getServerFeatures")).isEqualTo("get server features");
        assertThat(ApiRouter.words("login")).isEqualTo("login");
    }
}
