package dev.immichkeycloak.adapter.config;

import dev.immichkeycloak.adapter.db.Jdbc;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code system_metadata} rows; the system config is the JSON text under key {@code system-config}, as in Immich. */
public class SystemConfigRepository {

    static final String SYSTEM_CONFIG_KEY = "system-config";

    private final Jdbc jdbc;

    public SystemConfigRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Optional<String> find(String key) {
        return jdbc.queryOne("SELECT \"value\" FROM system_metadata WHERE \"key\" = ?", rs -> rs.getString(1), key);
    }

    /** Insert or replace; one writer at a time (the service serializes writes), so update-then-insert is enough. */
    public void save(String key, String json) {
        if (jdbc.update("UPDATE system_metadata SET \"value\" = ? WHERE \"key\" = ?", json, key) == 0) {
            jdbc.update("INSERT INTO system_metadata (\"key\", \"value\") VALUES (?, ?)", key, json);
        }
    }

    public Optional<String> findSystemConfig() {
        return find(SYSTEM_CONFIG_KEY);
    }

    public void saveSystemConfig(String json) {
        save(SYSTEM_CONFIG_KEY, json);
    }
}
