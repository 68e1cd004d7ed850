package dev.immichkeycloak.adapter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.immichkeycloak.adapter.api.Json;
import dev.immichkeycloak.adapter.support.AdapterProcess;
import dev.immichkeycloak.adapter.support.Concurrently;
import dev.immichkeycloak.adapter.support.PostgresCluster;
import dev.immichkeycloak.adapter.support.PostgresExtension;
import dev.immichkeycloak.adapter.testing.AdapterBrowser;
import dev.immichkeycloak.adapter.testing.FakeOpenIdProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 with real processes: two packaged adapters on one PostgreSQL database and one provider, as behind a proxy without
 * sticky sessions. Settings saved on one are in force on the other within 2 s, a login crosses from one to the other, and
 * 20 simultaneous first logins of one person split across both give one account and 20 sessions, with no 5xx.
 */
@ExtendWith(PostgresExtension.class)
class TwoProcessesIT {

    private final PostgresCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper mapper = Json.newMapper();

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;

    TwoProcessesIT(PostgresCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void two_processes_on_one_database_act_as_one_server() throws Exception {
        String db = cluster.newDatabase();
        Map<String, String> env = Map.of("DB_URL", db, "DB_USERNAME", "postgres", "IMMICH_PUBLIC_URL", "https://photos.example");
        try (FakeOpenIdProvider provider = FakeOpenIdProvider.start();
             AdapterProcess a = AdapterProcess.start("two-a", dirA, env);
             AdapterProcess b = AdapterProcess.start("two-b", dirB, env)) {
            AdapterBrowser admin = browser(a);
            admin.postJson("/api/auth/admin-sign-up", Map.of("email", "admin@example.com", "password", "admin-password", "name", "Admin"))
                    .expectStatus(201);
            admin.postJson("/api/auth/login", Map.of("email", "admin@example.com", "password", "admin-password")).expectStatus(201);

            ObjectNode config = (ObjectNode) admin.get("/api/system-config").expectStatus(200).json();
            ((ObjectNode) config.get("oauth")).put("enabled", true).put("issuerUrl", provider.issuer())
                    .put("clientId", FakeOpenIdProvider.CLIENT_ID).put("clientSecret", FakeOpenIdProvider.CLIENT_SECRET)
                    .put("allowInsecureRequests", true).put("buttonText", "Family SSO");
            admin.putJson("/api/system-config", config.toString()).expectStatus(200);

            Instant deadline = Instant.now().plus(Duration.ofSeconds(2));
            String seen;
            do {
                seen = browser(b).get("/api/server/config").json().get("oauthButtonText").asText();
            } while (!seen.equals("Family SSO") && Instant.now().isBefore(deadline) && Concurrently.pause(50));
            assertThat(seen).isEqualTo("Family SSO");

            provider.subject("carol").idTokenClaims(Map.of("email", "carol@example.com", "email_verified", true));
            List<Integer> statuses = Concurrently.run(20, i -> loginAcross(provider, i % 2 == 0 ? a : b, i % 2 == 0 ? b : a));

            assertThat(statuses).containsOnly(201);
            assertThat(count(db, "SELECT COUNT(*) FROM users WHERE oauth_id = 'carol'")).isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.oauth_id = 'carol'"))
                    .isEqualTo(20);
        }
    }

    private AdapterBrowser browser(AdapterProcess adapter) {
        return new AdapterBrowser(http, URI.create(adapter.origin()), mapper);
    }

    /** Authorize on {@code start} (the redirect URI on the public URL), the provider, the callback on {@code finish}. */
    private int loginAcross(FakeOpenIdProvider provider, AdapterProcess start, AdapterProcess finish) {
        AdapterBrowser first = browser(start);
        String url = first.postJson("/api/oauth/authorize", Map.of("redirectUri", "https://photos.example/auth/login"))
                .expectStatus(201).json().get("url").asText();
        String callback = provider.authorize(URI.create(url));
        AdapterBrowser second = browser(finish);
        second.cookies().putAll(first.cookies());
        return second.postJson("/api/oauth/callback", Map.of("url", callback)).status();
    }

    private static long count(String db, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(db, "postgres", ""); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
