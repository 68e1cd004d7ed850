package dev.immichkeycloak.adapter.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.immichkeycloak.adapter.config.AdapterSettings;
import dev.immichkeycloak.adapter.db.Database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Issue 13, figures 1 and 3, a command, not a test ({@code mvn -B verify -Pbenchmark}): the cost of
 * {@code POST /api/oauth/callback} with a provider that answers from memory ({@link BenchProvider}), sequentially and with 8
 * and 32 in parallel, against its floor ({@link Floor}), and the adapter's resident memory at ready, after 10,000 and after
 * 20,000 logins, for several JVM flag sets. The adapter is the packaged jar in its own JVM on H2 (the default), driven
 * over loopback HTTP; each figure is the median of {@code bench.runs} JVMs with the spread ({@code bench.otherRuns}, default
 * 1, for the flag sets other than the recommended one). Bounded: at most 20,000 logins per JVM and 3 minutes per batch.
 */
public final class LoginCostBench {

    /**
     * The JVM flag sets compared; "recommended" is what the README recommends. Measured (issue 13): the C1-only JIT keeps the
     * code cache and compiler memory small at no loss of logins/s here; a 48 MB heap ("lean") costs throughput (GC).
     */
    static final Map<String, List<String>> FLAG_SETS = flagSets();

    private static Map<String, List<String>> flagSets() {
        Map<String, List<String>> sets = new LinkedHashMap<>();
        sets.put("recommended", List.of("-XX:+UseSerialGC", "-Xmx64m", "-Xss512k", "-XX:MaxMetaspaceSize=96m",
                "-XX:ReservedCodeCacheSize=48m", "-XX:TieredStopAtLevel=1", "MALLOC_ARENA_MAX=2"));
        sets.put("tiered", List.of("-XX:+UseSerialGC", "-Xmx64m", "-Xss512k", "-XX:MaxMetaspaceSize=96m",
                "-XX:ReservedCodeCacheSize=48m", "MALLOC_ARENA_MAX=2"));
        sets.put("heap-cap", List.of("-XX:+UseSerialGC", "-Xmx64m"));
        sets.put("lean", List.of("-XX:+UseSerialGC", "-Xmx48m", "-Xss512k", "-XX:MaxMetaspaceSize=96m",
                "-XX:ReservedCodeCacheSize=32m", "MALLOC_ARENA_MAX=2", "-XX:TieredStopAtLevel=1"));
        sets.put("default", List.of());
        return Collections.unmodifiableMap(sets);
    }

    private LoginCostBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 3);
        int memoryLogins = Math.min(20_000, Integer.getInteger("bench.memoryLogins", 20_000));
        List<String> sets = Arrays.asList(System.getProperty("bench.flagSets", "recommended,default").split(","));
        Machine.print("login cost (issue 13 figures 1 and 3): adapter jar in its own JVM, H2 file database, in-memory provider");
        Path work = Files.createTempDirectory("adapter-bench-");
        try (BenchProvider provider = BenchProvider.start()) {
            Path config = work.resolve("immich-config.json");
            Files.writeString(config, """
                    {"oauth": {"enabled": true, "issuerUrl": "%s", "clientId": "%s", "clientSecret": "%s",
                               "allowInsecureRequests": true, "timeout": 5000, "autoRegister": true}}
                    """.formatted(provider.issuer(), BenchProvider.CLIENT_ID, BenchProvider.CLIENT_SECRET));
            // bench.floor=false skips the statement count and the floor (e.g. when comparing two jars in turn).
            boolean withFloor = Boolean.parseBoolean(System.getProperty("bench.floor", "true"));
            if (withFloor) {
                StatementCount.print(provider, work.resolve("count"), config, 100);
            }
            List<Floor.Result> floors = new ArrayList<>();
            for (int r = 0; withFloor && r < runs; r++) {
                Path dir = work.resolve("floor-" + r);
                try (HikariDataSource ds = Database.open(AdapterSettings.defaultH2Url(dir), null, null)) {
                    floors.add(Floor.measure(provider, ds, "floor-", 1_000));
                }
            }
            if (withFloor) {
                System.out.printf("bench: floor p50 (ms), %d runs of 1,000: verify ID token %s, user upsert + session insert + commit %s, "
                                + "total %s%n", runs, Stats.summary(floors.stream().map(Floor.Result::verifyMillis).toList(), 3),
                        Stats.summary(floors.stream().map(Floor.Result::databaseMillis).toList(), 3),
                        Stats.summary(floors.stream().map(Floor.Result::totalMillis).toList(), 3));
            }
            double floor = floors.isEmpty() ? Double.NaN : Stats.median(floors.stream().map(Floor.Result::totalMillis).toList());
            for (String set : sets) {
                List<String> known = FLAG_SETS.get(set.trim());
                if (known == null) {
                    throw new IllegalArgumentException("unknown flag set " + set + "; known: " + FLAG_SETS.keySet());
                }
                // bench.extraFlags: added to every set, e.g. for a profiler (-XX:StartFlightRecording=...).
                List<String> flags = new ArrayList<>(known);
                String extra = System.getProperty("bench.extraFlags", "").trim();
                if (!extra.isEmpty()) {
                    flags.addAll(Arrays.asList(extra.split("\\s+")));
                }
                List<RunFigures> results = new ArrayList<>();
                // The recommended set gets bench.runs JVMs; the others, for comparison, bench.otherRuns (1 unless told).
                int jvms = set.trim().equals("recommended") ? runs : Integer.getInteger("bench.otherRuns", 1);
                for (int r = 0; r < jvms; r++) {
                    results.add(oneJvm(provider, config, work.resolve(set.trim() + "-" + r), set.trim() + "-" + r, flags, memoryLogins));
                }
                print(set.trim(), flags, results, floor);
            }
        } finally {
            deleteQuietly(work);
        }
        Machine.printLoad("at the end");
    }

    /** The figures of one adapter JVM. */
    record RunFigures(double seqP50, double seqP99, double p8P50, double p8P99, double p8Rate, double p32P50, double p32P99,
                      double p32Rate, double readyMb, double mb10k, double mb20k, double startMillis, double cpuPerLogin,
                      double connectionsPerLogin) {
    }

    private static RunFigures oneJvm(BenchProvider provider, Path config, Path dataDir, String name, List<String> flags,
                                     int memoryLogins) throws IOException {
        Map<String, String> env = Map.of("IMMICH_DATA", dataDir.toString(), "IMMICH_CONFIG_FILE", config.toString());
        try (AdapterJvm adapter = AdapterJvm.start(name, flags, env)) {
            double ready = adapter.residentKb() / 1024.0;
            LoginDriver driver = new LoginDriver(adapter.origin(), provider);
            driver.signUpAdmin();
            int users = 1_000;
            int done = 0;
            // Warm-up: every user logs in once (their accounts are created), then the JIT has seen the path.
            done += count(LoadRun.run(driver, 8, users, i -> "user-" + i));
            done += count(LoadRun.run(driver, 8, 1_000, i -> "user-" + (i % users)));
            LoadRun sequential = LoadRun.run(driver, 1, 1_000, i -> "user-" + (i % users));
            long cpuBefore = adapter.cpuMillis();
            int connectionsBefore = provider.tokenConnections();
            LoadRun eight = LoadRun.run(driver, 8, 3_000, i -> "user-" + (i % users));
            double cpuPerLogin = (adapter.cpuMillis() - cpuBefore) / (double) eight.callbackNanos().size();
            double connectionsPerLogin = (provider.tokenConnections() - connectionsBefore) / (double) eight.callbackNanos().size();
            LoadRun thirtyTwo = LoadRun.run(driver, 32, 3_000, i -> "user-" + (i % users));
            done += count(sequential) + count(eight) + count(thirtyTwo);
            int half = memoryLogins / 2;
            if (done < half) {
                done += count(LoadRun.run(driver, 8, half - done, i -> "user-" + (i % users)));
            }
            double at10k = adapter.residentKb() / 1024.0;
            if (done < memoryLogins) {
                done += count(LoadRun.run(driver, 8, memoryLogins - done, i -> "user-" + (i % users)));
            }
            double at20k = adapter.residentKb() / 1024.0;
            System.out.printf(Locale.ROOT, "bench: %s: ready in %d ms at %.0f MB; callback p50 %.2f ms sequential, %.2f ms (8), "
                            + "%.2f ms (32); %.0f logins/s (8), %.0f (32); adapter CPU %.2f ms per login (8), %.2f new token-endpoint "
                            + "connections per login; %.0f MB after %d logins, %.0f MB after %d%n", name,
                    adapter.readyMillis(), ready, sequential.p50(), eight.p50(), thirtyTwo.p50(), eight.loginsPerSecond(),
                    thirtyTwo.loginsPerSecond(), cpuPerLogin, connectionsPerLogin, at10k, half, at20k, done);
            return new RunFigures(sequential.p50(), sequential.p99(), eight.p50(), eight.p99(), eight.loginsPerSecond(), thirtyTwo.p50(),
                    thirtyTwo.p99(), thirtyTwo.loginsPerSecond(), ready, at10k, at20k, adapter.readyMillis(), cpuPerLogin, connectionsPerLogin);
        }
    }

    private static int count(LoadRun run) {
        if (run.errors() > 0) {
            throw new IllegalStateException(run.errors() + " logins failed");
        }
        return run.callbackNanos().size();
    }

    private static void print(String set, List<String> flags, List<RunFigures> runs, double floor) {
        System.out.printf("bench: == flag set '%s': %s; median of %d JVMs (min–max)%n", set, flags.isEmpty() ? "(no flags)" : String.join(" ", flags),
                runs.size());
        System.out.println("bench: | callback                  | p50 ms | p99 ms | logins/s |");
        System.out.println("bench: |---------------------------|--------|--------|----------|");
        System.out.printf("bench: | sequential                | %s | %s | %s |%n", s(runs, RunFigures::seqP50, 2), s(runs, RunFigures::seqP99, 2), "-");
        System.out.printf("bench: | 8 in parallel             | %s | %s | %s |%n", s(runs, RunFigures::p8P50, 2), s(runs, RunFigures::p8P99, 2),
                s(runs, RunFigures::p8Rate, 0));
        System.out.printf("bench: | 32 in parallel            | %s | %s | %s |%n", s(runs, RunFigures::p32P50, 2), s(runs, RunFigures::p32P99, 2),
                s(runs, RunFigures::p32Rate, 0));
        System.out.printf("bench: adapter CPU per login (8 in parallel): %s ms; new token-endpoint connections per login: %s%n",
                s(runs, RunFigures::cpuPerLogin, 2), s(runs, RunFigures::connectionsPerLogin, 2));
        double seq = Stats.median(runs.stream().map(RunFigures::seqP50).toList());
        System.out.printf(Locale.ROOT, "bench: sequential callback p50 / floor p50 = %.2f / %.2f = %.1fx%n", seq, floor, seq / floor);
        System.out.printf("bench: | resident (VmRSS) MB | at ready %s | after 10,000 logins %s | after 20,000 logins %s |%n",
                s(runs, RunFigures::readyMb, 0), s(runs, RunFigures::mb10k, 0), s(runs, RunFigures::mb20k, 0));
    }

    private static String s(List<RunFigures> runs, java.util.function.ToDoubleFunction<RunFigures> field, int decimals) {
        return Stats.summary(runs.stream().map(field::applyAsDouble).toList(), decimals);
    }

    static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind
        }
    }
}
