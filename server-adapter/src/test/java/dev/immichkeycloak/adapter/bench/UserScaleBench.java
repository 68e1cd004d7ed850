package dev.immichkeycloak.adapter.bench;

import dev.immichkeycloak.adapter.config.AdapterSettings;
import dev.immichkeycloak.adapter.support.PostgresCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Issue 13, figure 4, a command, not a test ({@code mvn -B verify -Pbenchmark}): login time with 1,000 and with 1,000,000
 * users, on H2 and on PostgreSQL. The adapter jar creates its schema (started once on the empty database, stopped), the
 * user table is filled in one SQL statement per 100,000 rows ({@code SYSTEM_RANGE} on H2, {@code generate_series} on
 * PostgreSQL), then the adapter starts again and logs in existing users (random ones) and new users, one at a time. PostgreSQL
 * is a throwaway cluster (Debian's package, fsync off). Each figure is the median of {@code bench.runs} batches.
 */
public final class UserScaleBench {

    private static final int CHUNK = 100_000;

    private UserScaleBench() {
    }

    private record Figures(String database, int users, double fillSeconds, List<Double> existing, List<Double> fresh) {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 3);
        int logins = Math.min(2_000, Integer.getInteger("bench.scaleLogins", 200));
        int[] sizes = Arrays.stream(System.getProperty("bench.scaleSizes", "1000,1000000").split(",")).mapToInt(s -> Integer.parseInt(s.trim()))
                .map(size -> Math.min(size, 2_000_000)).toArray();
        List<String> databases = Arrays.asList(System.getProperty("bench.scaleDatabases", "h2,postgresql").split(","));
        List<String> flags = LoginCostBench.FLAG_SETS.get("recommended");
        Machine.print("user table scale (issue 13 figure 4): adapter jar " + AdapterJvm.JAR + " in its own JVM (" + String.join(" ", flags)
                + "), in-memory provider, " + logins + " sequential logins per batch");
        Path work = Files.createTempDirectory("adapter-scale-");
        List<Figures> all = new ArrayList<>();
        try (BenchProvider provider = BenchProvider.start()) {
            Path config = work.resolve("immich-config.json");
            Files.writeString(config, """
                    {"oauth": {"enabled": true, "issuerUrl": "%s", "clientId": "%s", "clientSecret": "%s",
                               "allowInsecureRequests": true, "timeout": 5000, "autoRegister": true}}
                    """.formatted(provider.issuer(), BenchProvider.CLIENT_ID, BenchProvider.CLIENT_SECRET));
            PostgresCluster postgres = databases.contains("postgresql") ? PostgresCluster.start() : null;
            try {
                for (String database : databases) {
                    for (int size : sizes) {
                        Path dataDir = work.resolve(database + "-" + size);
                        Map<String, String> env = new HashMap<>(Map.of("IMMICH_DATA", dataDir.toString(),
                                "IMMICH_CONFIG_FILE", config.toString()));
                        String url;
                        if (database.equals("postgresql")) {
                            url = postgres.newDatabase();
                            env.put("DB_URL", url);
                            env.put("DB_USERNAME", "postgres");
                        } else {
                            url = AdapterSettings.defaultH2Url(dataDir);
                        }
                        // The jar under test creates its own schema.
                        AdapterJvm.start(database + "-" + size + "-schema", flags, env).close();
                        long begin = System.nanoTime();
                        fill(url, database, size, provider.issuer());
                        double fillSeconds = (System.nanoTime() - begin) / 1e9;
                        all.add(measure(provider, database, size, fillSeconds, flags, env, runs, logins));
                        LoginCostBench.deleteQuietly(dataDir);
                    }
                }
            } finally {
                if (postgres != null) {
                    postgres.close();
                }
            }
        } finally {
            LoginCostBench.deleteQuietly(work);
        }
        System.out.println("bench: | database   | users     | fill s | callback p50 ms, existing user | callback p50 ms, new user |");
        System.out.println("bench: |------------|-----------|--------|--------------------------------|--------------------------|");
        for (Figures f : all) {
            System.out.printf(Locale.ROOT, "bench: | %-10s | %,9d | %6.1f | %30s | %24s |%n", f.database(), f.users(), f.fillSeconds(),
                    Stats.summary(f.existing(), 2), Stats.summary(f.fresh(), 2));
        }
        Machine.printLoad("at the end");
        for (String database : databases) {
            List<Figures> rows = all.stream().filter(f -> f.database().equals(database)).toList();
            if (rows.size() >= 2) {
                Figures small = rows.get(0);
                Figures large = rows.get(rows.size() - 1);
                System.out.printf(Locale.ROOT, "bench: %s: %,d users / %,d users: existing %.2fx, new %.2fx%n", database, large.users(),
                        small.users(), Stats.median(large.existing()) / Stats.median(small.existing()),
                        Stats.median(large.fresh()) / Stats.median(small.fresh()));
            }
        }
    }

    private static Figures measure(BenchProvider provider, String database, int size, double fillSeconds, List<String> flags,
                                   Map<String, String> env, int runs, int logins) {
        SplittableRandom random = new SplittableRandom(size);
        List<Double> existing = new ArrayList<>();
        List<Double> fresh = new ArrayList<>();
        try (AdapterJvm adapter = AdapterJvm.start(database + "-" + size, flags, env)) {
            LoginDriver driver = new LoginDriver(adapter.origin(), provider);
            LoadRun.run(driver, 1, logins * 2, i -> "scale-" + (1 + random.nextInt(size)));
            LoadRun.run(driver, 1, logins / 2, i -> "warm-" + i);
            for (int r = 0; r < runs; r++) {
                int run = r;
                LoadRun old = LoadRun.run(driver, 1, logins, i -> "scale-" + (1 + random.nextInt(size)));
                LoadRun created = LoadRun.run(driver, 1, logins, i -> "fresh-" + run + "-" + i);
                if (old.errors() + created.errors() > 0) {
                    throw new IllegalStateException((old.errors() + created.errors()) + " logins failed");
                }
                existing.add(old.p50());
                fresh.add(created.p50());
            }
        }
        System.out.printf(Locale.ROOT, "bench: %s, %,d users (filled in %.1f s): callback p50 existing %s ms, new %s ms%n", database, size,
                fillSeconds, Stats.summary(existing, 2), Stats.summary(fresh, 2));
        return new Figures(database, size, fillSeconds, existing, fresh);
    }

    /** {@code size} OAuth users {@code scale-1..size} of the provider; {@code scale-1} is the admin. */
    private static void fill(String url, String database, int size, String issuer) throws Exception {
        boolean postgres = database.equals("postgresql");
        String range = postgres ? "generate_series(CAST(? AS INTEGER), CAST(? AS INTEGER)) AS g(n)" : "SYSTEM_RANGE(?, ?) AS g(n)";
        String sql = "INSERT INTO users (id, email, name, oauth_issuer, oauth_id, avatar_color, profile_changed_at, created_at, updated_at, "
                + "email_verified, is_admin) SELECT 'scale-' || n, 'scale-' || n || '@example.com', 'Scale ' || n, ?, 'scale-' || n, "
                + "'primary', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, TRUE, n = 1 FROM " + range;
        try (Connection c = postgres ? DriverManager.getConnection(url, "postgres", "") : DriverManager.getConnection(url)) {
            try (PreparedStatement insert = c.prepareStatement(sql)) {
                for (int from = 1; from <= size; from += CHUNK) {
                    insert.setString(1, issuer);
                    insert.setInt(2, from);
                    insert.setInt(3, Math.min(size, from + CHUNK - 1));
                    insert.executeUpdate();
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute(postgres ? "ANALYZE users" : "ANALYZE TABLE users");
                try (ResultSet rows = st.executeQuery("SELECT COUNT(*) FROM users")) {
                    rows.next();
                    if (rows.getLong(1) != size) {
                        throw new IllegalStateException("filled " + rows.getLong(1) + " users, not " + size);
                    }
                }
            }
        }
    }
}
