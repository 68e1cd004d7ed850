package dev.immichkeycloak.adapter.user;

import dev.immichkeycloak.adapter.db.DataAccessException;
import dev.immichkeycloak.adapter.db.Jdbc;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code user_metadata} rows: a user's own settings as JSON text under a key ({@code preferences}, {@code onboarding}). */
public class UserMetadataRepository {

    public static final String PREFERENCES = "preferences";
    public static final String ONBOARDING = "onboarding";

    private final Jdbc jdbc;

    public UserMetadataRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    public Optional<String> find(String userId, String key) {
        return jdbc.queryOne("SELECT \"value\" FROM user_metadata WHERE user_id = ? AND \"key\" = ?", rs -> rs.getString(1), userId, key);
    }

    /** Insert or replace; when another instance inserts the same row first, its row is replaced. */
    public void save(String userId, String key, String json) {
        String update = "UPDATE user_metadata SET \"value\" = ? WHERE user_id = ? AND \"key\" = ?";
        if (jdbc.update(update, json, userId, key) > 0) {
            return;
        }
        try {
            jdbc.updateRaw("INSERT INTO user_metadata (user_id, \"key\", \"value\") VALUES (?, ?, ?)", userId, key, json);
        } catch (SQLException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw new DataAccessException("Insert failed: user_metadata", e);
            }
            jdbc.update(update, json, userId, key);
        }
    }

    public void delete(String userId, String key) {
        jdbc.update("DELETE FROM user_metadata WHERE user_id = ? AND \"key\" = ?", userId, key);
    }
}
