package dev.immichkeycloak.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.support.AdapterProcess;
import dev.immichkeycloak.adapter.support.PostgresCluster;
import dev.immichkeycloak.adapter.support.PostgresExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: the packaged adapter ({@code target/server-adapter.jar}) as its own process, killed with SIGKILL in the middle of a
 * load of sign-ups and logins, then started again on the same database. Every account and session the adapter confirmed to a
 * client (a 201 it sent) is still there, on the H2 file and on PostgreSQL.
 */
@ExtendWith(PostgresExtension.class)
class CrashRecoveryIT {

    private static final String ADMIN = "{\"email\":\"admin@example.com\",\"password\":\"admin-password\",\"name\":\"Admin\"}";

    private final PostgresCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dataDir;

    CrashRecoveryIT(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void nothing_confirmed_is_lost_on_the_h2_file() throws Exception {
        killDuringLoadAndCheck(Map.of());
    }

    @Test
    void nothing_confirmed_is_lost_on_postgresql() throws Exception {
        killDuringLoadAndCheck(Map.of("DB_URL", cluster.newDatabase(), "DB_USERNAME", "postgres"));
    }

    private void killDuringLoadAndCheck(Map<String, String> db) throws Exception {
        Map<String, String> confirmedSessions = new ConcurrentHashMap<>();
        Map<String, String> confirmedUsers = new ConcurrentHashMap<>();
        String base;
        Map<String, String> env = new HashMap<>(db);
        try (AdapterProcess adapter = AdapterProcess.start("crash-first", dataDir, env)) {
            base = adapter.origin();
            env.put("IMMICH_PORT", base.substring(base.lastIndexOf(':') + 1));
            post(base, "/api/auth/admin-sign-up", ADMIN, null);
            String admin = json(post(base, "/api/auth/login", "{\"email\":\"admin@example.com\",\"password\":\"admin-password\"}", null))
                    .get("accessToken").asText();

            AtomicInteger next = new AtomicInteger();
            ExecutorService load = Executors.newFixedThreadPool(4);
            for (int t = 0; t < 4; t++) {
                load.submit(() -> {
                    // Bounded: at most 2,000 sign-ups; the kill below ends it much earlier.
                    for (int i = next.getAndIncrement(); i < 2_000; i = next.getAndIncrement()) {
                        String email = "user" + i + "@example.com";
                        try {
                            HttpResponse<String> created = post(base, "/api/admin/users", "{\"email\":\"" + email
                                    + "\",\"password\":\"password-" + i + "\",\"name\":\"User " + i + "\"}", admin);
                            if (created.statusCode() != 201) {
                                continue;
                            }
                            confirmedUsers.put(email, "password-" + i);
                            HttpResponse<String> login = post(base, "/api/auth/login", "{\"email\":\"" + email
                                    + "\",\"password\":\"password-" + i + "\"}", null);
                            if (login.statusCode() == 201) {
                                confirmedSessions.put(email, json(login).get("accessToken").asText());
                            }
                        } catch (IOException | InterruptedException e) {
                            return null; // the adapter is gone
                        }
                    }
                    return null;
                });
            }
            Instant deadline = Instant.now().plusSeconds(30);
            while (confirmedSessions.size() < 60 && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            adapter.kill();
            load.shutdown();
            assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(confirmedSessions).hasSizeGreaterThanOrEqualTo(60);

        try (AdapterProcess again = AdapterProcess.start("crash-second", dataDir, env)) {
            List<String> lost = new ArrayList<>();
            for (Map.Entry<String, String> session : confirmedSessions.entrySet()) {
                HttpResponse<String> me = get(base, "/api/users/me", session.getValue());
                if (me.statusCode() != 200 || !json(me).get("email").asText().equals(session.getKey())) {
                    lost.add("session of " + session.getKey() + ": " + me.statusCode());
                }
            }
            for (Map.Entry<String, String> user : confirmedUsers.entrySet()) {
                HttpResponse<String> login = post(base, "/api/auth/login",
                        "{\"email\":\"" + user.getKey() + "\",\"password\":\"" + user.getValue() + "\"}", null);
                if (login.statusCode() != 201) {
                    lost.add("account " + user.getKey() + ": " + login.statusCode());
                }
            }
            assertThat(lost).as("confirmed before the kill, missing after the restart").isEmpty();
        }
    }

    private HttpResponse<String> post(String base, String path, String json, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String base, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(HttpResponse<String> response) throws IOException {
        return mapper.readTree(response.body());
    }
}
