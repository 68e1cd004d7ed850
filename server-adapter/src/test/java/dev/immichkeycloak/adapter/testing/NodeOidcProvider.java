package dev.immichkeycloak.adapter.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A second, real OpenID provider: node {@code oidc-provider} (the exact version pinned in
 * {@code src/test/oidc-provider/package.json}) run as {@code node provider.mjs} on 127.0.0.1, shared by every test of one JVM
 * (see {@link NodeOidcProviderExtension}). {@code npm ci} runs first when {@code node_modules} is missing or older than the lock
 * file. The provider's output goes to {@code target/oidc-provider.log}. Its clients are {@link #CLIENTS}, one per login case;
 * its one user is {@link #USER}; {@link #authorize} walks an authorization URL through its (form-less) login and consent.
 */
public final class NodeOidcProvider implements AutoCloseable {

    /** The adapter's public URL in these tests: the clients' redirect URIs are on it. */
    public static final String PUBLIC_URL = "https://photos.example";
    /** The redirect URIs every client registers: the web login, the link page, the mobile override and the app scheme. */
    public static final List<String> REDIRECT_URIS = List.of(PUBLIC_URL + "/auth/login", PUBLIC_URL + "/user-settings",
            PUBLIC_URL + "/api/oauth/mobile-redirect", "app.immich:///oauth-callback");
    /** The account every login signs in as, and its claims (UserInfo gives them for the scopes openid email profile). */
    public static final Map<String, Object> USER = Map.of("sub", "node-user-1", "email", "nodeuser@example.com",
            "email_verified", true, "name", "Node User", "preferred_username", "nodeuser", "immich_quota", 25);

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** A client of the provider: how it authenticates at the token endpoint and how it signs ID tokens and (optionally) UserInfo. */
    public record Client(String id, String authMethod, String idTokenAlg, String userInfoAlg) {

        /** 64 ASCII bytes: long enough to be an HS256/384/512 key. */
        public String secret() {
            String secret = "node-secret-" + id + "-";
            return (secret + "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop").substring(0, 64);
        }

        @Override
        public String toString() {
            return authMethod + ", ID token " + idTokenAlg + (userInfoAlg == null ? "" : ", UserInfo signed " + userInfoAlg);
        }
    }

    public static final List<Client> CLIENTS = List.of(
            new Client("rs256-basic", "client_secret_basic", "RS256", null),
            new Client("rs256-post", "client_secret_post", "RS256", null),
            new Client("ps256-basic", "client_secret_basic", "PS256", null),
            new Client("es256-post", "client_secret_post", "ES256", null),
            new Client("es384-basic", "client_secret_basic", "ES384", null),
            new Client("eddsa-post", "client_secret_post", "EdDSA", null),
            new Client("hs256-basic", "client_secret_basic", "HS256", null),
            new Client("signed-userinfo", "client_secret_basic", "RS256", "ES256"),
            new Client("rotation", "client_secret_post", "RS256", null));

    private final Process process;
    private final String issuer;
    private final Path logFile;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private NodeOidcProvider(Process process, String issuer, Path logFile, Thread shutdownHook) {
        this.process = process;
        this.issuer = issuer;
        this.logFile = logFile;
        this.shutdownHook = shutdownHook;
    }

    /** Installs the node packages if needed and starts the provider; tests get the shared one through the extension instead. */
    public static NodeOidcProvider start() {
        Path module = moduleDirectory();
        Path folder = module.resolve("src/test/oidc-provider");
        Path target = module.resolve("target");
        Path logFile = target.resolve("oidc-provider.log");
        Instant begin = Instant.now();
        try {
            Files.createDirectories(target);
            Files.writeString(logFile, "", StandardCharsets.UTF_8);
            NpmPackages.install(folder, target.resolve("oidc-provider-npm.lock"), logFile);
            Path config = target.resolve("oidc-provider-config.json");
            Files.writeString(config, configJson(), StandardCharsets.UTF_8);
            Process process = new ProcessBuilder("node", "provider.mjs", "--config", config.toString(), "--port", "0")
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .start();
            // A test JVM that ends without closing the fixture must not leave node running.
            Thread hook = new Thread(() -> stop(process), "oidc-provider-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            CompletableFuture<String> ready = new CompletableFuture<>();
            Thread pump = new Thread(() -> pump(process, logFile, ready), "oidc-provider-log");
            pump.setDaemon(true);
            pump.start();
            String issuer;
            try {
                issuer = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                stop(process);
                Runtime.getRuntime().removeShutdownHook(hook);
                throw new IllegalStateException("oidc-provider did not start within " + START_TIMEOUT.toSeconds() + " s. "
                        + NpmPackages.tail(logFile), e);
            }
            System.err.printf("[oidc-provider-fixture] node oidc-provider %s ready in %.1f s, log %s%n", issuer,
                    Duration.between(begin, Instant.now()).toMillis() / 1000.0, logFile);
            return new NodeOidcProvider(process, issuer, logFile, hook);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start node oidc-provider from " + folder + " (are node and npm on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting oidc-provider", e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the exact {@code iss} of every token. */
    public String issuer() {
        return issuer;
    }

    public Path logFile() {
        return logFile;
    }

    public static Client client(String id) {
        return CLIENTS.stream().filter(client -> client.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no client " + id));
    }

    /**
     * Follows {@code authorizationUrl} through the provider in a new browser (its own cookies): the login and consent
     * interactions pass without a form. Returns the final redirect to the client ({@code redirect_uri?code&state&iss}) without
     * fetching it; fails when the provider answers anything but a redirect on the way.
     */
    public URI authorize(URI authorizationUrl) {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).connectTimeout(Duration.ofSeconds(5)).build();
        URI next = authorizationUrl;
        for (int hop = 0; hop < 10; hop++) {
            HttpResponse<String> response = send(browser, HttpRequest.newBuilder(next).header("Accept", "text/html").GET());
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() / 100 != 3 || location == null) {
                throw new AssertionError("oidc-provider answered " + response.statusCode() + " at " + next.getPath() + ": "
                        + abbreviate(response.body()));
            }
            next = next.resolve(location);
            if (!next.toString().startsWith(issuer + "/")) {
                return next;
            }
        }
        throw new AssertionError("more than 10 redirects inside oidc-provider from " + authorizationUrl);
    }

    /** The public JWK sets before and after a {@link #rotateKeys()}. */
    public record Rotation(String before, String after) {
    }

    /** Replaces every signing key with a new one under the same {@code kid} (what a provider's in-place key rotation looks like). */
    public Rotation rotateKeys() {
        HttpResponse<String> response = send(http, HttpRequest.newBuilder(URI.create(issuer + "/test/rotate"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            throw new AssertionError("key rotation answered " + response.statusCode());
        }
        try {
            var sets = new ObjectMapper().readTree(response.body());
            return new Rotation(sets.get("before").toString(), sets.get("after").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many requests the provider has had so far for {@code request}, e.g. {@code "GET /jwks"} (counted as they arrive). */
    public long requestCount(String request) {
        HttpResponse<String> response = send(http, HttpRequest.newBuilder(URI.create(issuer + "/test/counts")).GET());
        try {
            return new ObjectMapper().readTree(response.body()).path(request).asLong(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run
        }
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String configJson() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        ArrayNode clients = root.putArray("clients");
        for (Client client : CLIENTS) {
            ObjectNode node = clients.addObject().put("client_id", client.id()).put("client_secret", client.secret())
                    .put("token_endpoint_auth_method", client.authMethod()).put("id_token_signed_response_alg", client.idTokenAlg());
            REDIRECT_URIS.forEach(node.putArray("redirect_uris")::add);
            if (client.userInfoAlg() != null) {
                node.put("userinfo_signed_response_alg", client.userInfoAlg());
            }
        }
        root.set("account", json.valueToTree(USER));
        return root.toPrettyString();
    }

    /** Copies the provider's output into the log file and completes {@code ready} with the issuer of its ready line. */
    private static void pump(Process process, Path logFile, CompletableFuture<String> ready) {
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            for (String line; (line = lines.readLine()) != null; ) {
                log.write(line);
                log.write('\n');
                log.flush();
                if (!ready.isDone() && line.startsWith("{\"ready\":true")) {
                    ready.complete(json.readTree(line).get("issuer").asText());
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("oidc-provider exited"
                + (process.isAlive() ? "" : " with code " + process.exitValue())));
    }

    /** SIGTERM, then SIGKILL if node is still there after a few seconds. */
    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The folder of the server-adapter module, whether the build runs from the repository root or from the module. */
    private static Path moduleDirectory() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            for (Path candidate : List.of(dir, dir.resolve("server-adapter"))) {
                if (Files.isRegularFile(candidate.resolve("src/test/oidc-provider/provider.mjs"))) {
                    return candidate;
                }
            }
        }
        throw new IllegalStateException("No server-adapter/src/test/oidc-provider/provider.mjs at or above " + start);
    }

    private static String abbreviate(String body) {
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ");
        return oneLine.length() > 300 ? oneLine.substring(0, 300) + "…" : oneLine;
    }
}
