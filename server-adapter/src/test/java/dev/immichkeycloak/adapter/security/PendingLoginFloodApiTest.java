package dev.immichkeycloak.adapter.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.immichkeycloak.adapter.testing.OAuthTestApp;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 item 3: anonymous authorize calls cannot stop other people's logins. 12,000 calls from one client (its own pending
 * logins are capped and its oldest evicted): no 5xx, the table stays bounded, and a new visitor starts and finishes a login,
 * also while another client keeps flooding.
 */
class PendingLoginFloodApiTest {

    private static final int FLOOD = 12_000;
    private static final String AUTHORIZE_BODY = "{\"redirectUri\":\"" + OAuthTestApp.PUBLIC_URL + "/auth/login\"}";

    @TempDir
    Path dataDir;

    @Test
    void twelve_thousand_anonymous_authorize_calls_stop_nobody() throws Exception {
        try (OAuthTestApp app = OAuthTestApp.start(dataDir)) {
            app.createAdmin();
            app.provider.subject("visitor").idTokenClaims(Map.of("email", "visitor@example.com", "email_verified", true));
            Map<Integer, AtomicInteger> statuses = flood(app, FLOOD, null);

            assertThat(statuses.keySet()).containsExactly(201);
            assertThat(statuses.get(201).get()).isEqualTo(FLOOD);
            assertThat(storedPendingLogins(app)).isLessThanOrEqualTo(50);

            OAuthTestApp.Browser visitor = app.browser();
            visitor.webLogin().expectStatus(201);
            assertThat(visitor.me().get("email").asText()).isEqualTo("visitor@example.com");
        }
    }

    @Test
    void a_visitor_behind_the_proxy_finishes_while_another_client_floods() throws Exception {
        try (OAuthTestApp app = OAuthTestApp.start(dataDir)) {
            app.createAdmin();
            app.provider.subject("visitor").idTokenClaims(Map.of("email", "visitor@example.com", "email_verified", true));
            OAuthTestApp.Browser visitor = app.browser();
            // The adapter sits behind a loopback proxy (trusted by default), which names the real clients.
            String callbackUrl = app.provider.authorize(URI.create(visitor.postJson("/api/oauth/authorize",
                    Map.of("redirectUri", OAuthTestApp.PUBLIC_URL + "/auth/login"), "X-Forwarded-For", "198.51.100.7")
                    .expectStatus(201).json().get("url").asText()));

            Map<Integer, AtomicInteger> statuses = flood(app, 2_000, "203.0.113.66");

            assertThat(statuses.keySet()).containsExactly(201);
            visitor.postJson("/api/oauth/callback", Map.of("url", callbackUrl), "X-Forwarded-For", "198.51.100.7").expectStatus(201);
        }
    }

    @Test
    void the_client_is_the_address_the_trusted_proxy_appended_not_one_the_client_wrote() throws Exception {
        try (OAuthTestApp app = OAuthTestApp.start(dataDir)) {
            HttpClient http = HttpClient.newHttpClient();
            // The client forged a first header line; the proxy (HAProxy's option forwardfor) appended its own line.
            http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/oauth/authorize"))
                    .header("Content-Type", "application/json")
                    .header("X-Forwarded-For", "198.51.100.7")
                    .header("X-Forwarded-For", "203.0.113.9")
                    .POST(HttpRequest.BodyPublishers.ofString(AUTHORIZE_BODY)).build(), HttpResponse.BodyHandlers.discarding());

            try (Connection connection = app.services().dataSource().getConnection();
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT client_key FROM oauth_pending_login")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("203.0.113.9");
            }
        }
    }

    /** {@code count} authorize calls on 4 connections; returns how often each status came back. */
    private static Map<Integer, AtomicInteger> flood(OAuthTestApp app, int count, String forwardedFor) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI authorize = URI.create("http://127.0.0.1:" + app.port() + "/api/oauth/authorize");
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicInteger remaining = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                workers.add(pool.submit(() -> {
                    while (remaining.getAndDecrement() > 0) {
                        HttpRequest.Builder request = HttpRequest.newBuilder(authorize).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(AUTHORIZE_BODY));
                        if (forwardedFor != null) {
                            request.header("X-Forwarded-For", forwardedFor);
                        }
                        int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return statuses;
    }

    private static int storedPendingLogins(OAuthTestApp app) throws Exception {
        try (Connection connection = app.services().dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM oauth_pending_login")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
