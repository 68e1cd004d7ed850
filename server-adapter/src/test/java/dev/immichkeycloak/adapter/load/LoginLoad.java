package dev.immichkeycloak.adapter.load;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.adapter.AdapterApp;
import dev.immichkeycloak.adapter.AdapterServices;
import dev.immichkeycloak.adapter.api.Json;
import dev.immichkeycloak.adapter.config.AdapterSettings;
import dev.immichkeycloak.adapter.oidc.OAuthModule;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.PostgresCluster;
import dev.immichkeycloak.adapter.testing.AdapterBrowser;
import dev.immichkeycloak.adapter.testing.KeycloakAdapterApp;
import dev.immichkeycloak.testing.FixtureSettings;
import dev.immichkeycloak.testing.KeycloakServer;
import dev.immichkeycloak.testing.NewUser;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The several-instances load test (issue 10), a command, not a test: {@code mvn -B -pl server-adapter -am verify -Pload
 * [-Dload.logins=400 -Dload.parallel=24 -Dload.users=100]}. It starts the fixture's real Keycloak, a throwaway PostgreSQL and
 * two adapter instances on it (one public URL, as behind a proxy), then runs real authorization-code logins through
 * Keycloak's login form: each starts on one instance and finishes on the other. It prints logins per second, p50/p99 of the
 * whole login and of the adapter's callback, the errors, and checks that accounts = distinct users and OAuth sessions =
 * successful logins. Bounded: at most 2,000 logins and 10 minutes; everything listens on 127.0.0.1.
 */
public final class LoginLoad {

    private static final Duration TIME_LIMIT = Duration.ofMinutes(10);
    private static final ObjectMapper MAPPER = Json.newMapper();

    private record Instance(AdapterServices services, Javalin app, String origin) implements AutoCloseable {
        @Override
        public void close() {
            app.stop();
            services.close();
        }
    }

    private LoginLoad() {
    }

    public static void main(String[] args) throws Exception {
        int logins = Math.min(2_000, Integer.getInteger("load.logins", 400));
        int parallel = Math.min(64, Integer.getInteger("load.parallel", 24));
        int userCount = Math.min(logins, Integer.getInteger("load.users", 100));
        Path work = Files.createTempDirectory("adapter-load-");
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        try (KeycloakServer keycloak = KeycloakServer.start(FixtureSettings.fromSystemProperties());
             PostgresCluster postgres = PostgresCluster.start()) {
            keycloak.admin().useCheapPasswordHashing();
            int portA = freePort();
            int portB = freePort();
            String publicUrl = "http://127.0.0.1:" + portA;
            String originB = "http://127.0.0.1:" + portB;
            String clientId = KeycloakAdapterApp.unique("immich-load");
            KeycloakAdapterApp.registerClient(keycloak, clientId, publicUrl, List.of(originB));
            Map<String, String> env = Map.of("DB_URL", postgres.newDatabase(), "DB_USERNAME", "postgres",
                    "IMMICH_PUBLIC_URL", publicUrl, "IMMICH_ALLOWED_ORIGINS", originB);
            try (Instance a = start(work.resolve("a"), portA, env); Instance b = start(work.resolve("b"), portB, env)) {
                configure(a, keycloak, clientId, http);
                List<NewUser> users = new ArrayList<>();
                for (int i = 0; i < userCount; i++) {
                    NewUser user = NewUser.named(KeycloakAdapterApp.unique("load" + i));
                    keycloak.admin().createUser(user);
                    users.add(user);
                }
                System.out.printf("load: Keycloak %s, PostgreSQL, 2 adapter instances; %d users; warming up%n", keycloak.version(), userCount);
                Set<String> loggedIn = ConcurrentHashMap.newKeySet();
                int warmUp = Math.min(20, userCount);
                for (int i = 0; i < warmUp; i++) {
                    if (login(a, b, keycloak, users.get(i), http).status() != 201) {
                        throw new IllegalStateException("a warm-up login failed");
                    }
                    loggedIn.add(users.get(i).username());
                }
                run(keycloak, a, b, users, logins, parallel, http, loggedIn, warmUp);
            }
        } finally {
            deleteQuietly(work);
        }
    }

    private static void run(KeycloakServer keycloak, Instance a, Instance b, List<NewUser> users, int logins, int parallel,
                            HttpClient http, Set<String> loggedIn, int warmUp) throws Exception {
        List<Long> loginNanos = Collections.synchronizedList(new ArrayList<>());
        List<Long> callbackNanos = Collections.synchronizedList(new ArrayList<>());
        Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger successes = new AtomicInteger();
        Instant deadline = Instant.now().plus(TIME_LIMIT);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        long start = System.nanoTime();
        for (int t = 0; t < parallel; t++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < logins && Instant.now().isBefore(deadline); i = next.getAndIncrement()) {
                    NewUser user = users.get(i % users.size());
                    Instance first = i % 2 == 0 ? a : b;
                    Instance second = i % 2 == 0 ? b : a;
                    try {
                        long begin = System.nanoTime();
                        Result result = login(first, second, keycloak, user, http);
                        long end = System.nanoTime();
                        if (result.status() == 201) {
                            loginNanos.add(end - begin);
                            callbackNanos.add(result.callbackNanos());
                            successes.incrementAndGet();
                            loggedIn.add(user.username());
                        } else {
                            errors.computeIfAbsent("HTTP " + result.status(), k -> new AtomicInteger()).incrementAndGet();
                        }
                    } catch (RuntimeException | AssertionError e) {
                        errors.computeIfAbsent(e.getClass().getSimpleName(), k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(TIME_LIMIT.toMinutes() + 1, TimeUnit.MINUTES)) {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long accounts = count(a, "SELECT COUNT(*) FROM users WHERE oauth_id IS NOT NULL");
        long sessions = count(a, "SELECT COUNT(*) FROM sessions WHERE auth_type = 'oauth'");
        System.out.printf("load: %d logins with %d in parallel in %.1f s: %.1f logins/s%n", successes.get(), parallel, seconds,
                successes.get() / seconds);
        System.out.printf("load: whole login (authorize, Keycloak form, callback) p50 %.1f ms, p99 %.1f ms%n",
                percentile(loginNanos, 50), percentile(loginNanos, 99));
        System.out.printf("load: adapter callback p50 %.1f ms, p99 %.1f ms%n", percentile(callbackNanos, 50),
                percentile(callbackNanos, 99));
        System.out.printf("load: errors %s (goal: none)%n", errors.isEmpty() ? "none" : errors);
        System.out.printf("load: accounts %d, distinct users logged in %d; OAuth sessions %d, successful logins %d (+%d warm-up)%n",
                accounts, loggedIn.size(), sessions, successes.get(), warmUp);
        boolean consistent = accounts == loggedIn.size() && sessions == successes.get() + warmUp;
        System.out.println("load: " + (consistent && errors.isEmpty() ? "OK" : "FAILED"));
        if (!consistent || !errors.isEmpty()) {
            System.exit(1);
        }
    }

    private record Result(int status, long callbackNanos) {
    }

    /** One login: authorize on {@code first}, Keycloak's form, the callback on {@code second} with the browser's cookies. */
    private static Result login(Instance first, Instance second, KeycloakServer keycloak, NewUser user, HttpClient http) {
        AdapterBrowser atFirst = new AdapterBrowser(http, URI.create(first.origin()), MAPPER);
        ApiResponse authorize = atFirst.postJson("/api/oauth/authorize", Map.of("redirectUri", first.origin() + "/auth/login"))
                .expectStatus(201);
        URI callback = keycloak.browser().authorize(URI.create(authorize.json().get("url").asText()), user.username(), user.password());
        AdapterBrowser atSecond = new AdapterBrowser(http, URI.create(second.origin()), MAPPER);
        atSecond.cookies().putAll(atFirst.cookies());
        long begin = System.nanoTime();
        int status = atSecond.postJson("/api/oauth/callback", Map.of("url", callback.toString())).status();
        return new Result(status, System.nanoTime() - begin);
    }

    private static Instance start(Path dataDir, int port, Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("IMMICH_DATA", dataDir.toString());
        all.put("IMMICH_HOST", "127.0.0.1");
        all.put("IMMICH_PORT", String.valueOf(port));
        AdapterServices services = AdapterServices.open(AdapterSettings.fromEnv(all), Clock.systemUTC());
        Javalin app = AdapterApp.create(services, OAuthModule.extensions(services)).start("127.0.0.1", port);
        return new Instance(services, app, "http://127.0.0.1:" + port);
    }

    private static void configure(Instance a, KeycloakServer keycloak, String clientId, HttpClient http) {
        AdapterBrowser admin = new AdapterBrowser(http, URI.create(a.origin()), MAPPER);
        Map<String, String> credentials = Map.of("email", KeycloakAdapterApp.ADMIN_EMAIL, "password", KeycloakAdapterApp.ADMIN_PASSWORD);
        Map<String, String> signUp = new HashMap<>(credentials);
        signUp.put("name", "Admin");
        admin.postJson("/api/auth/admin-sign-up", signUp).expectStatus(201);
        admin.postJson("/api/auth/login", credentials).expectStatus(201);
        ObjectNode config = (ObjectNode) admin.get("/api/system-config").expectStatus(200).json();
        ((ObjectNode) config.get("oauth")).put("enabled", true).put("issuerUrl", keycloak.issuer()).put("clientId", clientId)
                .put("clientSecret", keycloak.clientSecret(clientId)).put("allowInsecureRequests", true).put("timeout", 10_000);
        admin.putJson("/api/system-config", config.toString()).expectStatus(200);
    }

    private static double percentile(List<Long> nanos, int percentile) {
        List<Long> sorted;
        synchronized (nanos) {
            sorted = new ArrayList<>(nanos);
        }
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static long count(Instance instance, String sql) throws Exception {
        try (Connection connection = instance.services().dataSource().getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp folder: the OS cleans it up
        }
    }
}
