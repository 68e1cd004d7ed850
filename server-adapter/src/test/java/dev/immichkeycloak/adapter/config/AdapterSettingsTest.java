package dev.immichkeycloak.adapter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment is parsed once, with documented defaults and one message naming every bad variable. */
class AdapterSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaults_follow_the_contract() {
        AdapterSettings settings = AdapterSettings.fromEnv(Map.of());

        assertThat(settings.port()).isEqualTo(2283);
        assertThat(settings.host()).isEqualTo("0.0.0.0");
        assertThat(settings.dataDir()).isEqualTo(Path.of("data").toAbsolutePath());
        assertThat(settings.dbUrl()).isEqualTo("jdbc:h2:file:" + Path.of("data", "immich").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0");
        assertThat(settings.configFile()).isNull();
        assertThat(settings.publicBaseUrl()).isEqualTo("http://localhost:2283");
    }

    @Test
    void every_variable_is_read() throws Exception {
        Path config = Files.writeString(dir.resolve("immich.json"), "{}");
        AdapterSettings settings = AdapterSettings.fromEnv(Map.of("IMMICH_PORT", "8443", "IMMICH_HOST", "127.0.0.1",
                "IMMICH_DATA", dir.toString(), "DB_URL", "jdbc:postgresql://db/immich", "DB_USERNAME", "immich", "DB_PASSWORD", "pw",
                "IMMICH_CONFIG_FILE", config.toString(), "IMMICH_PUBLIC_URL", "https://photos.example.com/"));

        assertThat(settings.port()).isEqualTo(8443);
        assertThat(settings.host()).isEqualTo("127.0.0.1");
        assertThat(settings.dataDir()).isEqualTo(dir.toAbsolutePath());
        assertThat(settings.dbUrl()).isEqualTo("jdbc:postgresql://db/immich");
        assertThat(settings.dbUsername()).isEqualTo("immich");
        assertThat(settings.dbPassword()).isEqualTo("pw");
        assertThat(settings.configFile()).isEqualTo(config.toAbsolutePath());
        assertThat(settings.publicBaseUrl()).isEqualTo("https://photos.example.com");
        assertThat(settings.toString()).doesNotContain("pw,").contains("dbUsername=immich");
    }

    @Test
    void one_message_names_every_invalid_variable() {
        assertThatThrownBy(() -> AdapterSettings.fromEnv(Map.of("IMMICH_PORT", "http", "DB_URL", "mysql://x",
                "IMMICH_CONFIG_FILE", dir.resolve("missing.yaml").toString(), "IMMICH_PUBLIC_URL", "photos.example.com")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessageContaining("IMMICH_PORT")
                .hasMessageContaining("DB_URL")
                .hasMessageContaining("IMMICH_CONFIG_FILE")
                .hasMessageContaining("IMMICH_PUBLIC_URL");
    }

    @Test
    void the_public_url_defaults_to_the_configured_port() {
        assertThat(AdapterSettings.fromEnv(Map.of("IMMICH_PORT", "9000")).publicBaseUrl()).isEqualTo("http://localhost:9000");
    }
}
