package dev.immichkeycloak.adapter.cluster;

import static dev.immichkeycloak.adapter.support.TestApp.bearer;
import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.support.ApiResponse;
import dev.immichkeycloak.adapter.support.Concurrently;
import dev.immichkeycloak.adapter.support.LogCapture;
import dev.immichkeycloak.adapter.support.PostgresCluster;
import dev.immichkeycloak.adapter.support.TestApp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: the database goes away under a running adapter (its own PostgreSQL cluster, stopped for real). Requests that
 * need it fail fast with 503 {@code DATABASE_UNAVAILABLE} and no stack trace; when it is back, the adapter recovers by itself.
 */
class DatabaseOutageTest {

    @TempDir
    Path dataDir;

    @Test
    void requests_fail_fast_with_503_while_the_database_is_down_and_work_again_when_it_is_back() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.start();
             TestApp app = TestApp.start(dataDir, Map.of("DB_URL", cluster.newDatabase(), "DB_USERNAME", "postgres"),
                     AdapterExtensions.none())) {
            String token = app.signUpAdminAndLogin();

            cluster.stop();
            ApiResponse down;
            Duration took;
            try (LogCapture logs = new LogCapture()) {
                Instant start = Instant.now();
                down = app.get("/api/users/me", bearer(token));
                took = Duration.between(start, Instant.now());
                assertThat(logs.text()).contains("database unavailable").doesNotContain("\tat ");
            }
            // A bound the request must keep (the pool gives up after 1.5 s), not a performance figure.
            assertThat(took).isLessThan(Duration.ofMillis(2_500));
            assertThat(down.status()).isEqualTo(503);
            assertThat(down.json().get("reason").asText()).isEqualTo("DATABASE_UNAVAILABLE");
            assertThat(down.body()).doesNotContain("Exception");
            // Settings are served from memory meanwhile.
            assertThat(app.get("/api/server/features").status()).isEqualTo(200);

            cluster.startAgain();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
            int status;
            do {
                status = app.get("/api/users/me", bearer(token)).status();
            } while (status != 200 && Instant.now().isBefore(deadline) && Concurrently.pause(200));
            assertThat(status).isEqualTo(200);
        }
    }
}
