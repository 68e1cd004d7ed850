package dev.immichkeycloak.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.testing.FixtureSettings;
import dev.immichkeycloak.testing.KeycloakServer;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Immich claims mapper's cost as a user's groups grow, on one real Keycloak: refresh grants for users in 10, 200 and 1,000
 * groups (chains of depth 5, every group carrying {@code immich_quota}) through three clients that differ only in one client
 * scope: the Immich mapper as the bundled {@code immich} client configures it, an identical empty scope (the baseline), and
 * Keycloak's own group membership mapper with full paths (the yardstick). Sequential requests on one keep-alive connection per
 * client and size; every round covers every size, and within a size the three clients take turns request by request, so drift
 * in the machine's load hits all alike. Prints req/s (1 / the round's median latency; median and min–max of the rounds) and the
 * per-round ratios to the baseline.
 * Not a test: {@code mvn -B -pl keycloak-extension verify -Pbenchmark}; {@code -Dbenchmark.rounds}, {@code -Dbenchmark.requests}
 * and {@code -Dbenchmark.groups=10,200,1000} change its size.
 */
public final class TokenIssuanceBenchmark {

    private static final int WARM_UP_ROUNDS = 3;

    private final KeycloakServer keycloak;
    private final int rounds = Integer.getInteger("benchmark.rounds", 15);
    private final int requestsPerRound = Integer.getInteger("benchmark.requests", 20);
    private final List<Integer> sizes = Arrays.stream(System.getProperty("benchmark.groups", "10,200,1000").split(","))
            .map(String::trim).map(Integer::valueOf).toList();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private TokenIssuanceBenchmark(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    public static void main(String[] args) throws Exception {
        try (KeycloakServer keycloak = KeycloakServer.start(FixtureSettings.fromSystemProperties())) {
            new TokenIssuanceBenchmark(keycloak).run();
        }
    }

    private void run() throws Exception {
        long begin = System.nanoTime();
        keycloak.admin().useCheapPasswordHashing();
        // Three password grants in a row for one user can trip the realm's quick-login check; refreshes are what is measured.
        keycloak.admin().put("", json.createObjectNode().put("bruteForceProtected", false)).requireSuccess();
        BenchmarkRealm realm = new BenchmarkRealm(keycloak);
        List<BenchmarkRealm.Member> members = realm.createMembers(sizes);
        BenchmarkRealm.Client immich = realm.immichClient();
        BenchmarkRealm.Client plain = realm.plainClient();
        BenchmarkRealm.Client builtin = realm.builtinGroupsClient();
        System.out.printf("Realm set up in %.1f s (%d groups, %d users)%n",
                (System.nanoTime() - begin) / 1e9, sizes.stream().mapToInt(Integer::intValue).max().orElseThrow(), members.size());
        printMachine();

        List<SizeRun> runs = new ArrayList<>();
        for (BenchmarkRealm.Member member : members) {
            RefreshGrant withImmich = grant(immich, member);
            RefreshGrant withoutMapper = grant(plain, member);
            RefreshGrant withBuiltin = grant(builtin, member);
            ClaimsCheck.require(member, withImmich, withoutMapper, withBuiltin);
            runs.add(new SizeRun(member, List.of(withImmich, withoutMapper, withBuiltin)));
        }
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            // Every round covers every size and client, the clients' order rotating, so load drift and JIT warm-up hit all alike.
            for (SizeRun run : runs) {
                run.round(round, round >= 0);
            }
            System.err.printf("[benchmark] %s round %d/%d done at %.0f s%n", round < 0 ? "warm-up" : "measured",
                    round < 0 ? round + WARM_UP_ROUNDS + 1 : round + 1, round < 0 ? WARM_UP_ROUNDS : rounds,
                    (System.nanoTime() - begin) / 1e9);
        }
        System.out.printf("%nRefresh grants, %d rounds x %d requests per client and size (after %d warm-up rounds), the three clients"
                + " taking turns request by request; req/s = 1 / median latency of the round; median (min–max) of the rounds;"
                + " ratios are per round%n", rounds, requestsPerRound, WARM_UP_ROUNDS);
        System.out.println("| groups | Immich mapper req/s | no mapper req/s | built-in group mapper req/s | Immich / none | built-in / none |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        runs.forEach(run -> System.out.println(run.row()));
        System.out.printf("Benchmark took %.0f s (Keycloak start-up not included)%n", (System.nanoTime() - begin) / 1e9);
    }

    private RefreshGrant grant(BenchmarkRealm.Client client, BenchmarkRealm.Member member) throws Exception {
        return new RefreshGrant(http, json, keycloak.issuer(), client, member.username(), BenchmarkRealm.PASSWORD);
    }

    /** One size's three grants (Immich mapper, none, built-in) and their rates per round. */
    private final class SizeRun {
        private final BenchmarkRealm.Member member;
        private final List<RefreshGrant> grants;
        private final List<List<Double>> rates = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());

        SizeRun(BenchmarkRealm.Member member, List<RefreshGrant> grants) {
            this.member = member;
            this.grants = grants;
        }

        /**
         * One round: the three clients take turns request by request (the order rotating), so a burst of load from elsewhere on
         * the machine hits all three; each client's rate in the round is 1 / its median latency, which one stalled request
         * does not move.
         */
        void round(int round, boolean record) throws Exception {
            List<List<Double>> latencies = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int i = 0; i < requestsPerRound; i++) {
                for (int k = 0; k < grants.size(); k++) {
                    int which = Math.floorMod(round + i + k, grants.size());
                    long start = System.nanoTime();
                    grants.get(which).refresh();
                    latencies.get(which).add((System.nanoTime() - start) / 1e9);
                }
            }
            if (record) {
                for (int which = 0; which < grants.size(); which++) {
                    rates.get(which).add(1 / Spread.of(latencies.get(which)).median());
                }
            }
        }

        String row() {
            List<Double> immichRatios = new ArrayList<>();
            List<Double> builtinRatios = new ArrayList<>();
            for (int round = 0; round < rates.get(1).size(); round++) {
                immichRatios.add(rates.get(0).get(round) / rates.get(1).get(round));
                builtinRatios.add(rates.get(2).get(round) / rates.get(1).get(round));
            }
            return String.format("| %,d | %s | %s | %s | %s | %s |", member.groups(),
                    Spread.of(rates.get(0)).format("%.0f"), Spread.of(rates.get(1)).format("%.0f"),
                    Spread.of(rates.get(2)).format("%.0f"), Spread.of(immichRatios).format("%.2f"),
                    Spread.of(builtinRatios).format("%.2f"));
        }
    }

    private void printMachine() {
        JsonNode system = keycloak.admin().serverInfo().path("systemInfo");
        System.out.printf("Keycloak %s (fixture %s) on Java %s (%s), %s %s %s; benchmark JVM Java %s; nproc %d%n",
                system.path("version").asText("?"), keycloak.version(), system.path("javaVersion").asText("?"),
                system.path("javaVendor").asText("?"), system.path("osName").asText("?"), system.path("osVersion").asText("?"),
                system.path("osArchitecture").asText("?"), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    }
}
