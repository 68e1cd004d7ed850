package dev.immichkeycloak.adapter.bench;

import dev.immichkeycloak.adapter.AdapterApp;
import dev.immichkeycloak.adapter.AdapterServices;
import dev.immichkeycloak.adapter.config.AdapterSettings;
import dev.immichkeycloak.adapter.oidc.OAuthModule;
import io.javalin.Javalin;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Statements per login, counted by H2 itself ({@code SET QUERY_STATISTICS TRUE}, {@code INFORMATION_SCHEMA.QUERY_STATISTICS}):
 * the adapter runs in this JVM on its default H2 file database, and the counts of each statement are compared before and
 * after a batch of logins by existing users, then by new users. Write statements run in autocommit are one commit each.
 */
public final class StatementCount {

    private static final String PUBLIC_URL = "https://photos.example";

    private StatementCount() {
    }

    public static void print(BenchProvider provider, Path dataDir, Path configFile, int logins) throws Exception {
        AdapterSettings settings = AdapterSettings.fromEnv(Map.of("IMMICH_DATA", dataDir.toString(), "IMMICH_HOST", "127.0.0.1",
                "IMMICH_PORT", "0", "IMMICH_PUBLIC_URL", PUBLIC_URL, "IMMICH_CONFIG_FILE", configFile.toString()));
        try (AdapterServices services = AdapterServices.open(settings, Clock.systemUTC())) {
            Javalin app = AdapterApp.create(services, OAuthModule.extensions(services)).start("127.0.0.1", 0);
            try {
                LoginDriver driver = new LoginDriver("http://127.0.0.1:" + app.port(), provider, PUBLIC_URL);
                driver.signUpAdmin();
                for (int i = 0; i < logins; i++) {
                    driver.login("count-" + i);
                }
                execute(services, "SET QUERY_STATISTICS_MAX_ENTRIES 500");
                execute(services, "SET QUERY_STATISTICS TRUE");
                Map<String, Long> before = snapshot(services);
                for (int i = 0; i < logins; i++) {
                    driver.login("count-" + i);
                }
                Map<String, Long> existing = snapshot(services);
                for (int i = 0; i < logins; i++) {
                    driver.login("count-new-" + i);
                }
                Map<String, Long> fresh = snapshot(services);
                execute(services, "SET QUERY_STATISTICS FALSE");
                report("existing user", before, existing, logins);
                report("new user", existing, fresh, logins);
            } finally {
                app.stop();
            }
        }
    }

    private static void report(String what, Map<String, Long> before, Map<String, Long> after, int logins) {
        Map<String, Double> perLogin = new TreeMap<>();
        double total = 0;
        double writes = 0;
        for (Map.Entry<String, Long> entry : after.entrySet()) {
            long delta = entry.getValue() - before.getOrDefault(entry.getKey(), 0L);
            if (delta == 0 || entry.getKey().toUpperCase(Locale.ROOT).contains("QUERY_STATISTICS")) {
                continue;
            }
            double per = (double) delta / logins;
            perLogin.merge(shorten(entry.getKey()), per, Double::sum);
            total += per;
            // H2's "SELECT … FROM OLD TABLE (DELETE …)" is a write too.
            String upper = entry.getKey().toUpperCase(Locale.ROOT);
            if (upper.contains("INSERT ") || upper.contains("DELETE ") || upper.contains("UPDATE ") || upper.contains("MERGE ")) {
                writes += per;
            }
        }
        System.out.printf(Locale.ROOT, "bench: statements per login (authorize + callback), %s: %.2f, of which %.2f writes%n", what,
                total, writes);
        perLogin.forEach((sql, per) -> System.out.printf(Locale.ROOT, "bench:   %5.2f  %s%n", per, sql));
    }

    private static String shorten(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        int where = flat.indexOf(" WHERE ");
        String head = flat.length() > 60 ? flat.substring(0, 60) + "…" : flat;
        if (where < 60) {
            return flat.length() > 150 ? flat.substring(0, 150) + "…" : flat;
        }
        String tail = flat.substring(where);
        return head + (tail.length() > 100 ? tail.substring(0, 100) + "…" : tail);
    }

    private static void execute(AdapterServices services, String sql) throws SQLException {
        try (Connection c = services.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static Map<String, Long> snapshot(AdapterServices services) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection c = services.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rows = st.executeQuery("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS")) {
            while (rows.next()) {
                counts.merge(rows.getString(1), rows.getLong(2), Long::sum);
            }
        }
        return counts;
    }
}
