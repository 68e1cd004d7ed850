package dev.immichkeycloak.adapter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code demo.sh} as a newcomer runs it (issue 12), in a throwaway folder on free ports with the jars this build made: the first
 * start configures OAuth; the realm's placeholders take the demo's public URL and client secret; OAuth starts from localhost and
 * from 127.0.0.1; the claims explainer command the banner prints works as printed; an admin changes a setting; after a stop
 * (SIGTERM, which the script traps like Ctrl-C) and a second start the change is still there and the first run's logs are kept as
 * {@code *.log.1}. Takes about 1.5 minutes: two Keycloak starts, the first of them with a fresh build of the provider and the realm
 * import.
 */
class DemoScriptIT {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final String READY = "Press Ctrl-C to stop.";
    private static final String CHANGED_BUTTON = "Sign in with the family SSO";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Path root = repositoryRoot();
    private final Path home = Path.of("target", "demo-it").toAbsolutePath();
    private final int immichPort = freePort();
    private final int keycloakPort = freePort();
    private final int managementPort = freePort();
    private final String secret = UUID.randomUUID().toString().replace("-", "");
    private Process demo;

    @AfterEach
    void stop_the_demo() throws Exception {
        if (demo != null && demo.isAlive()) {
            stop(demo);
        }
    }

    @Test
    void a_restart_keeps_the_admins_change_and_the_printed_explainer_command_works() throws Exception {
        deleteRecursively(home);
        Files.createDirectories(home);

        String first = start("first-start.log");
        assertThat(first).contains("Fetching Keycloak", "Configuring OAuth in the adapter (first start only)")
                .doesNotContain("development client secret");
        String admin = adminToken();
        // The realm's placeholders took the demo's public URL (a port of its own here) and secret; so did the adapter.
        JsonNode client = keycloakAdmin("/admin/realms/immich/clients?clientId=immich").get(0);
        assertThat(client.get("secret").asText()).isEqualTo(secret);
        assertThat(json.convertValue(client.get("redirectUris"), String[].class)).contains(
                "http://localhost:" + immichPort + "/auth/login", "http://127.0.0.1:" + immichPort + "/auth/login");
        assertThat(adapter("GET", "/api/system-config", admin, null).at("/oauth/clientSecret").asText()).isEqualTo(secret);
        for (String host : List.of("localhost", "127.0.0.1")) {
            assertThat(keycloakLoginPage("http://" + host + ":" + immichPort + "/auth/login"))
                    .as("Keycloak's answer to a login started at %s", host).contains("kc-form-login");
        }
        JsonNode explanation = json.readTree(runPrintedExplainerCommand(first));
        assertThat(explanation.at("/immich_quota/value").asDouble()).isEqualTo(250);
        assertThat(explanation.at("/immich_role/value").asText()).isEqualTo("user");

        ObjectNode config = (ObjectNode) adapter("GET", "/api/system-config", admin, null);
        assertThat(config.at("/oauth/buttonText").asText()).isEqualTo("Login with Keycloak");
        ((ObjectNode) config.get("oauth")).put("buttonText", CHANGED_BUTTON);
        adapter("PUT", "/api/system-config", admin, config.toString());
        stop(demo);

        String second = start("second-start.log");
        assertThat(second).contains("OAuth was configured on the first start; its settings are kept as they are")
                .doesNotContain("Configuring OAuth");
        assertThat(adapter("GET", "/api/server/config", null, null).get("oauthButtonText").asText()).isEqualTo(CHANGED_BUTTON);
        assertThat(adapter("GET", "/api/system-config", adminToken(), null).at("/oauth/issuerUrl").asText())
                .isEqualTo("http://localhost:" + keycloakPort + "/realms/immich");
        assertThat(home.resolve("keycloak.log.1")).isNotEmptyFile();
        assertThat(home.resolve("adapter.log.1")).isNotEmptyFile();
        stop(demo);
        try (Stream<Path> keycloak = Files.list(home).filter(path -> path.getFileName().toString().startsWith("keycloak-"))) {
            for (Path dir : keycloak.filter(Files::isDirectory).toList()) {
                deleteRecursively(dir); // 400 MB; the logs stay
            }
        }
    }

    /** Starts demo.sh and waits for its banner; returns everything it printed (also kept in {@code target/demo-it/<log>}). */
    private String start(String log) throws Exception {
        Path output = home.resolve(log);
        ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("demo.sh").toString())
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().putAll(Map.of("DEMO_HOME", home.toString(), "IMMICH_PORT", String.valueOf(immichPort),
                "KC_PORT", String.valueOf(keycloakPort), "KC_MGMT_PORT", String.valueOf(managementPort), "DEMO_SKIP_BUILD", "true",
                "IMMICH_OIDC_SECRET", secret));
        demo = builder.start();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (text.contains(READY)) {
                return text;
            }
            if (!demo.isAlive()) {
                throw new AssertionError("demo.sh stopped (exit " + demo.exitValue() + ") before it was ready:\n" + text);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("demo.sh was not ready within " + START_TIMEOUT + ":\n" + text);
            }
            Thread.sleep(500);
        }
    }

    /** SIGTERM to the script (its trap stops Keycloak and the adapter, as for Ctrl-C); then both ports must be free again. */
    private void stop(Process process) throws Exception {
        List<ProcessHandle> started = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            started.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("demo.sh did not stop within 90 s of SIGTERM");
        }
        List<ProcessHandle> left = started.stream().filter(ProcessHandle::isAlive).toList();
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("processes demo.sh left running").isEmpty();
        for (int port : List.of(immichPort, keycloakPort, managementPort)) {
            assertThat(listening(port)).as("port %d still in use after the demo stopped", port).isFalse();
        }
    }

    /** The two lines after "Claims explainer:" in the banner, run as printed by bash. */
    private String runPrintedExplainerCommand(String banner) throws Exception {
        List<String> lines = banner.lines().toList();
        int heading = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("Claims explainer:")) {
                heading = i;
            }
        }
        assertThat(heading).as("the banner's claims explainer").isNotNegative();
        String script = lines.get(heading + 1).strip() + "\n" + lines.get(heading + 2).strip() + "\n";
        assertThat(script).startsWith("TOKEN=").contains("/immich-claims/users/").doesNotContain("ALICE_ID");
        Process bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(output).isZero();
        return output;
    }

    /** Starts an OAuth login at the adapter with this redirect URI and opens the URL it answers at Keycloak; returns the page. */
    private String keycloakLoginPage(String redirectUri) throws Exception {
        JsonNode start = adapter("POST", "/api/oauth/authorize", null, json.createObjectNode().put("redirectUri", redirectUri).toString());
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(start.get("url").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        return page.body();
    }

    /** GET on the demo Keycloak's admin API as its bootstrap admin (admin / admin, as the banner says). */
    private JsonNode keycloakAdmin(String path) throws Exception {
        String base = "http://localhost:" + keycloakPort;
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create(base + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username=admin&password=admin"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + json.readTree(token.body()).get("access_token").asText()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private String adminToken() throws Exception {
        String login = json.createObjectNode().put("email", "admin@example.com").put("password", "demo-admin").toString();
        return adapter("POST", "/api/auth/login", null, login).get("accessToken").asText();
    }

    private JsonNode adapter(String method, String path, String bearer, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + immichPort + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isBetween(200, 299);
        return json.readTree(response.body());
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("demo.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("No demo.sh at or above " + Path.of("").toAbsolutePath());
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
