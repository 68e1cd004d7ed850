package dev.immichkeycloak.adapter.bench;

import dev.immichkeycloak.adapter.testing.AdapterBrowser;
import dev.immichkeycloak.adapter.testing.KeycloakAdapterApp;
import dev.immichkeycloak.testing.FixtureSettings;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.NewUser;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Figure 5: an authorization-code login through Keycloak's own login form, through the adapter (authorize at the adapter,
 * Keycloak's form, {@code POST /api/oauth/callback}: code exchange, ID token checks, UserInfo, the account and a session)
 * versus directly (a relying party in this JVM doing state, nonce, PKCE, the same form, code exchange, ID token validation
 * and UserInfo with Nimbus), on the same Keycloak client (with the Immich mapper) and users, interleaved: each round runs
 * both in alternating order, one login at a time. Prints both medians and the ratio adapter/direct per round.
 * Not a test: {@code mvn -B verify -Pbenchmark} (from the repository root).
 */
public final class EndToEndBench {

    private static final int USERS = 20;

    private EndToEndBench() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = Math.min(50, Integer.getInteger("bench.e2e.rounds", 10));
        int perRound = Math.min(200, Integer.getInteger("bench.e2e.logins", 20));
        Path dataDir = Files.createTempDirectory("adapter-e2e-bench-");
        Machine.print("end to end through Keycloak (figure 5)");
        try (KeycloakServer keycloak = KeycloakServer.start(FixtureSettings.fromSystemProperties());
             KeycloakAdapterApp adapter = KeycloakAdapterApp.start(dataDir, keycloak)) {
            // Keycloak's password hashing is the same in both paths; made cheap so the difference is not lost in it.
            keycloak.admin().useCheapPasswordHashing();
            String secret = keycloak.clientSecret(adapter.clientId());
            String redirectUri = adapter.publicUrl() + "/auth/login";
            List<NewUser> users = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                NewUser user = NewUser.named(KeycloakAdapterApp.unique("e2e" + i));
                keycloak.admin().createUser(user);
                users.add(user);
            }
            // Each login is a new browser (a new SSO session at Keycloak); the users are taken in turn on both paths.
            List<Long> authorizeNanos = new ArrayList<>();
            List<Long> formNanos = new ArrayList<>();
            List<Long> callbackNanos = new ArrayList<>();
            List<Consumer<NewUser>> paths = List.of(
                    user -> {
                        AdapterBrowser browser = adapter.browser();
                        long begin = System.nanoTime();
                        URI authorization = adapter.authorize(browser, Map.of("redirectUri", redirectUri));
                        long authorized = System.nanoTime();
                        URI callback = keycloak.browser().authorize(authorization, user.username(), user.password());
                        long atCallback = System.nanoTime();
                        browser.postJson("/api/oauth/callback", Map.of("url", callback.toString())).expectStatus(201);
                        long end = System.nanoTime();
                        authorizeNanos.add(authorized - begin);
                        formNanos.add(atCallback - authorized);
                        callbackNanos.add(end - atCallback);
                    },
                    user -> keycloak.login(adapter.clientId(), secret, redirectUri, user.username(), user.password()));
            System.out.printf("bench: Keycloak %s, adapter on H2 (a file), %d users, %d rounds of %d logins each way%n",
                    keycloak.version(), USERS, rounds, perRound);
            for (int i = 0; i < 3 * perRound; i++) {
                paths.get(i % 2).accept(users.get(i % USERS));
            }
            authorizeNanos.clear();
            formNanos.clear();
            callbackNanos.clear();
            List<Double> viaAdapter = new ArrayList<>();
            List<Double> direct = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double[] medians = new double[2];
                int first = round % 2;
                for (int k = 0; k < 2; k++) {
                    int path = (first + k) % 2;
                    List<Long> nanos = new ArrayList<>();
                    for (int i = 0; i < perRound; i++) {
                        long begin = System.nanoTime();
                        paths.get(path).accept(users.get(i % USERS));
                        nanos.add(System.nanoTime() - begin);
                    }
                    medians[path] = Stats.percentileMillis(nanos, 50);
                }
                viaAdapter.add(medians[0]);
                direct.add(medians[1]);
                ratios.add(medians[0] / medians[1]);
            }
            System.out.println("bench: | login through Keycloak's form | p50 ms, median of rounds (min–max) |");
            System.out.println("bench: | through the adapter | " + Stats.summary(viaAdapter, 1) + " |");
            System.out.println("bench: | directly (plain relying party) | " + Stats.summary(direct, 1) + " |");
            System.out.println("bench: | ratio adapter/direct (goal <= 1.10) | " + Stats.summary(ratios, 3) + " |");
            System.out.printf(Locale.ROOT, "bench: through the adapter, p50 of all rounds: POST /api/oauth/authorize %.1f ms, Keycloak's"
                    + " form %.1f ms, POST /api/oauth/callback %.1f ms (code exchange and UserInfo at Keycloak included)%n",
                    Stats.percentileMillis(authorizeNanos, 50), Stats.percentileMillis(formNanos, 50), Stats.percentileMillis(callbackNanos, 50));
            System.out.printf(Locale.ROOT, "bench: e2e ratio %.3f%n", Stats.median(ratios));
        } finally {
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
