package dev.immichkeycloak.adapter.security;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.config.InvalidSettingsException;
import dev.immichkeycloak.adapter.support.Settings;
import dev.immichkeycloak.adapter.support.TestApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 8 item 7: a private data folder, no caching of API answers, and the client secret encrypted when a key is set. */
class DataAtRestTest {

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());
    private static final String SECRET = "the-client-secret-0123456789";

    @TempDir
    Path parent;

    @Test
    void the_data_folder_is_0700_and_its_files_0600_whatever_the_umask() throws Exception {
        Path dataDir = parent.resolve("data");
        Files.createDirectories(dataDir);
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TestApp app = TestApp.start(dataDir)) {
            app.signUpAdminAndLogin();

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            List<Path> files;
            try (Stream<Path> list = Files.list(dataDir)) {
                files = list.filter(Files::isRegularFile).toList();
            }
            assertThat(files).isNotEmpty().allSatisfy(file ->
                    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString()).isEqualTo("rw-------"));
        }
    }

    @Test
    void only_the_adapters_own_files_are_changed() throws Exception {
        Path dataDir = parent.resolve("data");
        Files.createDirectories(dataDir);
        Path notes = Files.writeString(dataDir.resolve("notes.txt"), "mine");
        Files.setPosixFilePermissions(notes, PosixFilePermissions.fromString("rw-r--r--"));
        try (TestApp app = TestApp.start(dataDir)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(notes))).isEqualTo("rw-r--r--");
        }
    }

    @Test
    void a_secret_that_looks_encrypted_is_refused_without_a_key_and_kept_exactly_with_one() {
        try (TestApp app = TestApp.start(parent)) {
            String admin = app.signUpAdminAndLogin();
            com.fasterxml.jackson.databind.node.ObjectNode config =
                    (com.fasterxml.jackson.databind.node.ObjectNode) app.get("/api/system-config", bearer(admin)).json();
            ((com.fasterxml.jackson.databind.node.ObjectNode) config.get("oauth")).put("clientSecret", "sealed:not-really");

            assertThat(app.put("/api/system-config", config.toString(), bearer(admin)).expectStatus(400).messages())
                    .anySatisfy(message -> assertThat(message).startsWith("[oauth.clientSecret]"));
        }
        Path other = parent.resolve("other");
        Map<String, String> env = Map.of("IMMICH_SECRET_KEY", KEY);
        try (TestApp app = TestApp.start(other, env, AdapterExtensions.none())) {
            String admin = app.signUpAdminAndLogin();
            Settings.change(app, admin, Settings.oauth(oauth -> oauth.put("clientSecret", "sealed:not-really")));
        }
        try (TestApp app = TestApp.start(other, env, AdapterExtensions.none())) {
            assertThat(app.services().systemConfig().get().oauth().clientSecret()).isEqualTo("sealed:not-really");
        }
    }

    @Test
    void admin_answers_are_never_cached() {
        try (TestApp app = TestApp.start(parent)) {
            String admin = app.signUpAdminAndLogin();

            assertThat(app.get("/api/system-config", bearer(admin)).header("Cache-Control")).isEqualTo("no-store");
            assertThat(app.get("/api/admin/users", bearer(admin)).header("Cache-Control")).isEqualTo("no-store");
            assertThat(app.get("/api/sessions", bearer(admin)).header("Cache-Control")).isEqualTo("no-store");
        }
    }

    @Test
    void without_a_key_the_secret_is_stored_as_it_is() throws Exception {
        try (TestApp app = TestApp.start(parent)) {
            saveSecret(app);

            assertThat(storedConfig(app)).contains(SECRET);
        }
    }

    @Test
    void with_a_key_the_secret_is_stored_encrypted_and_read_back_after_a_restart() throws Exception {
        Map<String, String> env = Map.of("IMMICH_SECRET_KEY", KEY);
        try (TestApp app = TestApp.start(parent, env, AdapterExtensions.none())) {
            saveSecret(app);

            assertThat(storedConfig(app)).doesNotContain(SECRET).contains("\"clientSecret\":\"sealed:");
            assertThat(app.services().systemConfig().get().oauth().clientSecret()).isEqualTo(SECRET);
        }
        try (TestApp app = TestApp.start(parent, env, AdapterExtensions.none())) {
            assertThat(app.services().systemConfig().get().oauth().clientSecret()).isEqualTo(SECRET);
        }
    }

    @Test
    void a_sealed_secret_without_its_key_stops_the_start_with_a_clear_message() {
        try (TestApp app = TestApp.start(parent, Map.of("IMMICH_SECRET_KEY", KEY), AdapterExtensions.none())) {
            saveSecret(app);
        }

        assertThatThrownBy(() -> TestApp.start(parent)).isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("IMMICH_SECRET_KEY is not set");
        assertThatThrownBy(() -> TestApp.start(parent, Map.of("IMMICH_SECRET_KEY", OTHER_KEY), AdapterExtensions.none()))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void a_key_that_is_not_32_bytes_is_refused_at_start() {
        assertThatThrownBy(() -> TestApp.start(parent, Map.of("IMMICH_SECRET_KEY", "c2hvcnQ="), AdapterExtensions.none()))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("IMMICH_SECRET_KEY");
    }

    private static void saveSecret(TestApp app) {
        String admin = app.signUpAdminAndLogin();
        Settings.change(app, admin, Settings.oauth(oauth -> oauth.put("clientId", "immich").put("clientSecret", SECRET)));
    }

    private static String storedConfig(TestApp app) throws Exception {
        try (Connection connection = app.services().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT \"value\" FROM system_metadata WHERE \"key\" = 'system-config'")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
