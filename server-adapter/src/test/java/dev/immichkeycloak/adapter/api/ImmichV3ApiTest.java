package dev.immichkeycloak.adapter.api;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.adapter.support.TestApp;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes and fields Immich v3 clients need (issue 11): {@code /api/admin/config}, {@code /api/config},
 * {@code /api/public/config}, {@code /api/auth/status}, {@code /api/auth/validateToken}, the v3 fields of the server info and
 * users, and {@code accountManagementUrl}. The full shapes are checked against the SDK's types by {@code ImmichSdkContractTest}.
 */
class ImmichV3ApiTest {

    @TempDir
    Path dataDir;

    @Test
    void admin_config_is_the_full_v3_shape_and_system_config_is_its_alias() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            JsonNode config = app.get("/api/admin/config", bearer(admin)).expectStatus(200).json();

            assertThat(config.fieldNames()).toIterable().contains("backup", "ffmpeg", "job", "oauth", "passwordLogin", "server", "user");
            assertThat(config.get("oauth").get("accountManagementUrl").asText()).isEmpty();
            assertThat(config.get("passwordLogin").get("enabled").asBoolean()).isTrue();
            assertThat(app.get("/api/system-config", bearer(admin)).json()).isEqualTo(config);
            assertThat(app.get("/api/admin/config/defaults", bearer(admin)).expectStatus(200).json()).isEqualTo(config);
            app.get("/api/admin/config").expectStatus(401);

            ObjectNode oauth = (ObjectNode) config.get("oauth");
            oauth.put("accountManagementUrl", "https://sso.example.com/me");
            JsonNode saved = app.put("/api/admin/config", config.toString(), bearer(admin)).expectStatus(200).json();
            assertThat(saved.get("oauth").get("accountManagementUrl").asText()).isEqualTo("https://sso.example.com/me");

            // A seed-era client does not send it: the value stays.
            oauth.remove("accountManagementUrl");
            JsonNode kept = app.put("/api/system-config", config.toString(), bearer(admin)).expectStatus(200).json();
            assertThat(kept.get("oauth").get("accountManagementUrl").asText()).isEqualTo("https://sso.example.com/me");

            oauth.put("accountManagementUrl", "not a url");
            assertThat(app.put("/api/admin/config", config.toString(), bearer(admin)).expectStatus(400).messages())
                    .containsExactly("[oauth.accountManagementUrl] Account management URL must be an empty string or a valid URL");
        }
    }

    @Test
    void user_and_public_config() {
        try (TestApp app = TestApp.start(dataDir)) {
            JsonNode publicConfig = app.get("/api/public/config").expectStatus(200).json();
            assertThat(publicConfig.get("oauth").get("enabled").asBoolean()).isFalse();
            assertThat(publicConfig.get("passwordLogin").get("enabled").asBoolean()).isTrue();
            assertThat(publicConfig.get("theme").get("customCss").asText()).isEmpty();
            assertThat(app.get("/api/public/config/defaults").expectStatus(200).json()).isEqualTo(publicConfig);

            app.get("/api/config").expectStatus(401);
            String admin = app.signUpAdminAndLogin();
            JsonNode userConfig = app.get("/api/config", bearer(admin)).expectStatus(200).json();
            assertThat(userConfig.get("oauth").get("buttonText").asText()).isEqualTo("Login with OAuth");
            assertThat(userConfig.get("trash").get("days").asInt()).isEqualTo(30);
            assertThat(userConfig.has("machineLearning")).isTrue();
            assertThat(app.get("/api/config/defaults", bearer(admin)).expectStatus(200).json()).isEqualTo(userConfig);
        }
    }

    @Test
    void auth_status_and_validate_token() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            JsonNode status = app.get("/api/auth/status", bearer(admin)).expectStatus(200).json();
            assertThat(status.get("password").asBoolean()).isTrue();
            assertThat(status.get("pinCode").asBoolean()).isFalse();
            assertThat(status.get("isElevated").asBoolean()).isFalse();
            assertThat(status.get("expiresAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");

            assertThat(app.post("/api/auth/validateToken", "", bearer(admin)).expectStatus(200).json().get("authStatus").asBoolean()).isTrue();
            app.post("/api/auth/validateToken", "", bearer("not-a-token")).expectStatus(401);
            app.get("/api/auth/status").expectStatus(401);
        }
    }

    @Test
    void v3_fields_of_server_info_and_users() {
        try (TestApp app = TestApp.start(dataDir)) {
            JsonNode signUp = app.post("/api/auth/admin-sign-up",
                    app.json(java.util.Map.of("email", "a@example.com", "password", "password-1", "name", "A"))).expectStatus(201).json();
            assertThat(signUp.get("clusterGroupId").asText()).isEmpty();
            assertThat(app.get("/api/server/features").json().get("realtimeTranscoding").asBoolean()).isFalse();
            JsonNode serverConfig = app.get("/api/server/config").json();
            assertThat(serverConfig.get("minFaces").asInt()).isZero();
            assertThat(serverConfig.has("oauthAccountManagementUrl")).isFalse();

            assertThat(app.get("/api/server/ping").expectStatus(200).json().get("res").asText()).isEqualTo("pong");
            JsonNode version = app.get("/api/server/version").expectStatus(200).json();
            assertThat(version.get("major").asInt()).isEqualTo(3);
            assertThat(version.get("prerelease").isNull()).isTrue();
            assertThat(app.get("/api/server/media-types").expectStatus(200).json().get("image")).isEmpty();
            app.get("/api/server/version-history").expectStatus(401);
        }
    }

    @Test
    void account_management_url_is_the_setting_or_the_keycloak_account_console() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            ObjectNode config = (ObjectNode) app.get("/api/admin/config", bearer(admin)).json();
            ObjectNode oauth = (ObjectNode) config.get("oauth");
            oauth.put("enabled", true).put("issuerUrl", "https://sso.example.com/realms/immich/").put("clientId", "immich")
                    .put("clientSecret", "s3cret");
            app.put("/api/admin/config", config.toString(), bearer(admin)).expectStatus(200);
            assertThat(app.get("/api/server/config").json().get("oauthAccountManagementUrl").asText())
                    .isEqualTo("https://sso.example.com/realms/immich/account");

            oauth.put("accountManagementUrl", "https://accounts.example.com/");
            app.put("/api/admin/config", config.toString(), bearer(admin)).expectStatus(200);
            assertThat(app.get("/api/server/config").json().get("oauthAccountManagementUrl").asText()).isEqualTo("https://accounts.example.com/");

            oauth.put("accountManagementUrl", "").put("issuerUrl", "https://login.example.com/");
            app.put("/api/admin/config", config.toString(), bearer(admin)).expectStatus(200);
            assertThat(app.get("/api/server/config").json().has("oauthAccountManagementUrl")).isFalse();
        }
    }

    @Test
    void child_sessions_update_lock_and_the_admin_view_of_a_users_sessions() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            String user = app.createUserAndLogin(admin, "u@example.com", "password-u1");
            String userId = app.get("/api/users/me", bearer(user)).json().get("id").asText();
            String ownId = app.get("/api/sessions", bearer(user)).json().get(0).get("id").asText();

            JsonNode child = app.post("/api/sessions", "{\"deviceType\":\"Phone\"}", bearer(user)).expectStatus(201).json();
            assertThat(child.get("token").asText()).isNotEmpty();
            assertThat(child.get("current").asBoolean()).isFalse();
            assertThat(app.get("/api/auth/status", bearer(child.get("token").asText())).expectStatus(200).json().get("password").asBoolean())
                    .isTrue();
            app.post("/api/sessions", "{\"duration\":-1}", bearer(user)).expectStatus(400);
            app.post("/api/sessions", "{}").expectStatus(401);

            JsonNode updated = app.put("/api/sessions/" + ownId, "{\"isPendingSyncReset\":true}", bearer(user)).expectStatus(200).json();
            assertThat(updated.get("id").asText()).isEqualTo(ownId);
            assertThat(updated.get("current").asBoolean()).isTrue();
            app.put("/api/sessions/" + ownId, "{\"isPendingSyncReset\":\"yes\"}", bearer(user)).expectStatus(400);
            app.post("/api/sessions/" + child.get("id").asText() + "/lock", "", bearer(user)).expectStatus(204);

            // Someone else's session and an unknown id look the same.
            String adminSession = app.get("/api/sessions", bearer(admin)).json().get(0).get("id").asText();
            assertThat(app.put("/api/sessions/" + adminSession, "{}", bearer(user)).expectStatus(400).json().get("message").asText())
                    .isEqualTo("Not found or no session.update access");
            app.post("/api/sessions/unknown/lock", "", bearer(user)).expectStatus(400);

            JsonNode ofUser = app.get("/api/admin/users/" + userId + "/sessions", bearer(admin)).expectStatus(200).json();
            assertThat(ofUser).hasSize(2);
            assertThat(ofUser.findValuesAsText("id")).contains(ownId, child.get("id").asText());
            assertThat(ofUser.findValues("current")).allMatch(current -> !current.asBoolean());
            app.get("/api/admin/users/" + userId + "/sessions", bearer(user)).expectStatus(403);
        }
    }

    @Test
    void server_about_storage_statistics_apk_links_and_no_license() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            String user = app.createUserAndLogin(admin, "u@example.com", "password-u1");

            JsonNode about = app.get("/api/server/about", bearer(user)).expectStatus(200).json();
            assertThat(about.get("version").asText()).isEqualTo("v3.2.2");
            assertThat(about.get("versionUrl").asText()).isEqualTo("https://github.com/immich-app/immich/releases/tag/v3.2.2");
            assertThat(about.get("licensed").asBoolean()).isFalse();
            app.get("/api/server/about").expectStatus(401);

            JsonNode storage = app.get("/api/server/storage", bearer(user)).expectStatus(200).json();
            assertThat(storage.get("diskSizeRaw").asLong()).isZero();
            assertThat(storage.get("diskUse").asText()).isEqualTo("0 B");

            JsonNode stats = app.get("/api/server/statistics", bearer(admin)).expectStatus(200).json();
            assertThat(stats.get("photos").asInt()).isZero();
            assertThat(stats.get("usageByUser").findValuesAsText("userName")).containsExactly("Admin", "User u@example.com");
            assertThat(stats.get("usageByUser").get(0).get("quotaSizeInBytes").isNull()).isTrue();
            app.get("/api/server/statistics", bearer(user)).expectStatus(403);

            assertThat(app.get("/api/server/apk-links", bearer(user)).expectStatus(200).json().get("universal").asText())
                    .isEqualTo("https://github.com/immich-app/immich/releases/download/v3.2.2/app-release.apk");

            assertThat(app.get("/api/server/license", bearer(admin)).expectStatus(404).json().get("message").asText())
                    .isEqualTo("License not found");
            app.put("/api/server/license", "{\"licenseKey\":\"IMSV-1\",\"activationKey\":\"a\"}", bearer(admin)).expectStatus(400);
            app.send(app.request("/api/server/license", bearer(admin)).DELETE()).expectStatus(204);
            app.get("/api/server/license", bearer(user)).expectStatus(403);
        }
    }

    @Test
    void update_my_user_name_and_email() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            String user = app.createUserAndLogin(admin, "u@example.com", "password-u1");

            JsonNode renamed = app.put("/api/users/me", "{\"name\":\"New Name\"}", bearer(user)).expectStatus(200).json();
            assertThat(renamed.get("name").asText()).isEqualTo("New Name");
            assertThat(renamed.get("email").asText()).isEqualTo("u@example.com");

            JsonNode moved = app.put("/api/users/me", "{\"email\":\" New@Example.com \"}", bearer(user)).expectStatus(200).json();
            assertThat(moved.get("email").asText()).isEqualTo("new@example.com");
            assertThat(app.services().users().findByEmail("new@example.com").orElseThrow().emailVerified()).isFalse();
            app.login("new@example.com", "password-u1");

            assertThat(app.put("/api/users/me", "{\"email\":\"" + TestApp.ADMIN_EMAIL + "\"}", bearer(user)).expectStatus(400)
                    .json().get("message").asText()).isEqualTo("Email already in use by another account");
            app.put("/api/users/me", "{\"name\":\"\"}", bearer(user)).expectStatus(400);
            app.put("/api/users/me", "{\"name\":\"" + "n".repeat(FieldLimits.NAME + 1) + "\"}", bearer(user)).expectStatus(400);
            app.put("/api/users/me", "{\"email\":\"not-an-email\"}", bearer(user)).expectStatus(400);
            app.put("/api/users/me", "{\"password\":\"short\"}", bearer(user)).expectStatus(400);
            app.put("/api/users/me", "{\"name\":\"X\"}").expectStatus(401);

            app.put("/api/users/me", "{\"password\":\"password-u2\"}", bearer(user)).expectStatus(200);
            app.login("new@example.com", "password-u2");
        }
    }

    @Test
    void change_password_checks_the_current_one_and_can_end_other_sessions() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            String user = app.createUserAndLogin(admin, "u@example.com", "password-u1");
            String other = app.login("u@example.com", "password-u1");

            assertThat(app.post("/api/auth/change-password", "{\"password\":\"wrong-one\",\"newPassword\":\"password-u2\"}", bearer(user))
                    .expectStatus(400).json().get("message").asText()).isEqualTo("Wrong password");
            app.post("/api/auth/change-password", "{\"password\":\"password-u1\",\"newPassword\":\"short\"}", bearer(user))
                    .expectStatus(400);
            app.post("/api/auth/change-password", "{\"password\":\"password-u1\",\"newPassword\":\"" + "p".repeat(FieldLimits.PASSWORD_MAX + 1)
                    + "\"}", bearer(user)).expectStatus(400);
            app.post("/api/auth/change-password", "{\"password\":\"password-u1\",\"newPassword\":\"password-u2\"}").expectStatus(401);

            JsonNode changed = app.post("/api/auth/change-password", "{\"password\":\"password-u1\",\"newPassword\":\"password-u2\"}",
                    bearer(user)).expectStatus(200).json();
            assertThat(changed.get("email").asText()).isEqualTo("u@example.com");
            assertThat(changed.get("shouldChangePassword").asBoolean()).isFalse();
            app.post("/api/auth/login", app.json(java.util.Map.of("email", "u@example.com", "password", "password-u1"))).expectStatus(401);
            app.get("/api/users/me", bearer(other)).expectStatus(200);

            app.post("/api/auth/change-password", "{\"password\":\"password-u2\",\"newPassword\":\"password-u3\",\"invalidateSessions\":true}",
                    bearer(user)).expectStatus(200);
            app.get("/api/users/me", bearer(other)).expectStatus(401);
            app.get("/api/users/me", bearer(user)).expectStatus(200);
            app.login("u@example.com", "password-u3");
        }
    }

    @Test
    void pin_codes_answer_as_for_a_user_without_one() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            assertThat(app.post("/api/auth/pin-code", "{\"pinCode\":\"123456\"}", bearer(admin)).expectStatus(400).json()
                    .get("message").asText()).isEqualTo("PIN codes are not supported by this server");
            assertThat(app.put("/api/auth/pin-code", "{\"pinCode\":\"123456\",\"newPinCode\":\"654321\"}", bearer(admin))
                    .expectStatus(400).json().get("message").asText()).isEqualTo("User does not have a PIN code");
            app.put("/api/auth/pin-code", "{\"pinCode\":\"123456\"}", bearer(admin)).expectStatus(400);
            assertThat(app.send(app.request("/api/auth/pin-code", bearer(admin)).header("Content-Type", "application/json")
                    .method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString("{\"password\":\"x\"}"))).expectStatus(400).json()
                    .get("message").asText()).isEqualTo("User does not have a PIN code");
            assertThat(app.post("/api/auth/session/unlock", "{\"pinCode\":\"123456\"}", bearer(admin)).expectStatus(400).json()
                    .get("message").asText()).isEqualTo("User does not have a PIN code");
            app.post("/api/auth/session/unlock", "{\"pinCode\":1}", bearer(admin)).expectStatus(400);
            app.post("/api/auth/session/lock", "", bearer(admin)).expectStatus(204);
            app.post("/api/auth/session/lock", "").expectStatus(401);
            app.post("/api/auth/session/unlock", "{}").expectStatus(401);
            assertThat(app.get("/api/auth/status", bearer(admin)).json().get("pinCode").asBoolean()).isFalse();
        }
    }

    @Test
    void preferences_are_merged_validated_and_kept_across_a_restart() {
        String admin;
        try (TestApp app = TestApp.start(dataDir)) {
            admin = app.signUpAdminAndLogin();
            JsonNode initial = app.get("/api/users/me/preferences", bearer(admin)).expectStatus(200).json();
            assertThat(initial.get("albums").get("defaultAssetOrder").asText()).isEqualTo("asc");
            assertThat(initial.get("memories").get("enabled").asBoolean()).isFalse();

            JsonNode changed = app.put("/api/users/me/preferences",
                    "{\"memories\":{\"enabled\":true,\"unknown\":1},\"unknownSection\":{},\"avatar\":{\"color\":\"amber\"}}",
                    bearer(admin)).expectStatus(200).json();
            assertThat(changed.get("memories").get("enabled").asBoolean()).isTrue();
            assertThat(changed.get("memories").get("sidebarWeb").asBoolean()).isFalse();
            assertThat(changed.get("memories").has("unknown")).isFalse();
            assertThat(changed.has("unknownSection")).isFalse();
            assertThat(changed.has("avatar")).isFalse();
            assertThat(app.get("/api/users/me", bearer(admin)).json().get("avatarColor").asText()).isEqualTo("amber");

            // Every problem at once, nothing stored.
            assertThat(app.put("/api/users/me/preferences", "{\"albums\":{\"defaultAssetOrder\":\"up\"},\"download\":"
                    + "{\"archiveSize\":-1,\"includeEmbeddedVideos\":\"yes\"},\"memories\":{\"duration\":1.5},\"cast\":true,"
                    + "\"purchase\":{\"hideBuyButtonUntil\":\"" + "x".repeat(65) + "\"},\"avatar\":{\"color\":\"black\"}}",
                    bearer(admin)).expectStatus(400).messages()).containsExactlyInAnyOrder(
                    "[albums.defaultAssetOrder] Invalid option: expected one of \"asc\"|\"desc\"",
                    "[avatar.color] Invalid option: expected one of \"primary\"|\"pink\"|\"red\"|\"yellow\"|\"blue\"|\"green\"|\"purple\"|\"orange\"|\"gray\"|\"amber\"",
                    "[cast] Invalid input: expected object, received boolean",
                    "[download.archiveSize] Too small: expected number to be >=0",
                    "[download.includeEmbeddedVideos] Invalid input: expected boolean, received string",
                    "[memories.duration] Invalid input: expected int, received number",
                    "[purchase.hideBuyButtonUntil] Too big: expected string to have <=64 characters");
            app.put("/api/users/me/preferences", "[]", bearer(admin)).expectStatus(400);
            app.put("/api/users/me/preferences", "{}").expectStatus(401);
            app.get("/api/users/me/preferences").expectStatus(401);
        }
        try (TestApp app = TestApp.start(dataDir)) {
            JsonNode kept = app.get("/api/users/me/preferences", bearer(admin)).expectStatus(200).json();
            assertThat(kept.get("memories").get("enabled").asBoolean()).isTrue();
            assertThat(kept.get("albums").get("defaultAssetOrder").asText()).isEqualTo("asc");
        }
    }

    @Test
    void onboarding_license_heatmap_version_check_and_storage_template_options() {
        try (TestApp app = TestApp.start(dataDir)) {
            String admin = app.signUpAdminAndLogin();
            String user = app.createUserAndLogin(admin, "user@example.com", "user-password-1");
            assertThat(app.get("/api/users/me/onboarding", bearer(user)).expectStatus(200).json().get("isOnboarded").asBoolean()).isFalse();
            assertThat(app.put("/api/users/me/onboarding", "{\"isOnboarded\":true}", bearer(user)).expectStatus(200).json()
                    .get("isOnboarded").asBoolean()).isTrue();
            assertThat(app.get("/api/users/me/onboarding", bearer(user)).json().get("isOnboarded").asBoolean()).isTrue();
            assertThat(app.get("/api/users/me/onboarding", bearer(admin)).json().get("isOnboarded").asBoolean()).isFalse();
            assertThat(app.put("/api/users/me/onboarding", "{\"isOnboarded\":\"yes\"}", bearer(user)).expectStatus(400).messages())
                    .containsExactly("[isOnboarded] Invalid input: expected boolean, received string");
            app.send(app.request("/api/users/me/onboarding", bearer(user)).DELETE()).expectStatus(204);
            assertThat(app.get("/api/users/me/onboarding", bearer(user)).json().get("isOnboarded").asBoolean()).isFalse();

            app.get("/api/users/me/license", bearer(user)).expectStatus(404);
            app.put("/api/users/me/license", "{\"licenseKey\":\"IMCL-1\",\"activationKey\":\"x\"}", bearer(user)).expectStatus(400);
            app.send(app.request("/api/users/me/license", bearer(user)).DELETE()).expectStatus(204);
            app.get("/api/users/me/license").expectStatus(401);

            JsonNode heatmap = app.get("/api/users/me/calendar-heatmap?from=2026-01-01&to=2026-02-01T00:00:00Z&type=Upload", bearer(user))
                    .expectStatus(200).json();
            assertThat(heatmap.get("from").asText()).isEqualTo("2026-01-01T00:00:00.000Z");
            assertThat(heatmap.get("to").asText()).isEqualTo("2026-02-01T00:00:00.000Z");
            assertThat(heatmap.get("series")).isEmpty();
            assertThat(heatmap.get("totalCount").asInt()).isZero();
            app.get("/api/users/me/calendar-heatmap?type=Sideways", bearer(user)).expectStatus(400);
            app.get("/api/users/me/calendar-heatmap?from=yesterday", bearer(user)).expectStatus(400);

            JsonNode check = app.get("/api/server/version-check", bearer(user)).expectStatus(200).json();
            assertThat(check.get("checkedAt").isNull()).isTrue();
            assertThat(check.get("releaseVersion").isNull()).isTrue();
            app.get("/api/server/version-check").expectStatus(401);

            app.get("/api/system-config/storage-template-options", bearer(user)).expectStatus(403);
            JsonNode options = app.get("/api/system-config/storage-template-options", bearer(admin)).expectStatus(200).json();
            assertThat(options.get("presetOptions")).isEmpty();
            assertThat(options.get("yearOptions")).isEmpty();
        }
    }
}
