package dev.immichkeycloak.adapter.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenID provider that answers from memory, for benchmarks: discovery, JWKS, token and UserInfo on the JDK's HTTP server
 * (127.0.0.1, keep-alive). The ID token is signed (RS256, 2048-bit key) when the "browser" passes the provider, in
 * {@link #issueCode}, so the token endpoint only looks the answer up: what a callback measures is the adapter's work.
 */
public final class BenchProvider implements AutoCloseable {

    public static final String CLIENT_ID = "immich";
    public static final String CLIENT_SECRET = "bench-provider-client-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
    private static final String PATH = "/realms/bench";

    private record Grant(String tokenResponse, String subject) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread thread = new Thread(r, "bench-provider");
        thread.setDaemon(true);
        return thread;
    });
    private final RSAKey key;
    private final RSASSASigner signer;
    private final byte[] discovery;
    private final byte[] jwks;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, byte[]> userInfo = new ConcurrentHashMap<>();
    /** The client ends (address and port) seen at the token endpoint: one per TCP connection the adapter opened. */
    private final Set<String> tokenConnections = ConcurrentHashMap.newKeySet();

    private BenchProvider() throws IOException {
        try {
            key = new RSAKeyGenerator(2048).keyID("bench-rsa").keyUse(KeyUse.SIGNATURE).generate();
            signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        // The JDK server leaves Nagle on unless told: each answer would then wait for the client's delayed ACK (40 ms).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        String issuer = issuer();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("authorization_endpoint", issuer + "/authorize");
        metadata.put("token_endpoint", issuer + "/token");
        metadata.put("userinfo_endpoint", issuer + "/userinfo");
        metadata.put("jwks_uri", issuer + "/jwks");
        metadata.put("response_types_supported", java.util.List.of("code"));
        metadata.put("subject_types_supported", java.util.List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", java.util.List.of("RS256"));
        metadata.put("code_challenge_methods_supported", java.util.List.of("S256"));
        metadata.put("authorization_response_iss_parameter_supported", true);
        discovery = JSONObjectUtils.toJSONString(metadata).getBytes(StandardCharsets.UTF_8);
        jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext(PATH + "/.well-known/openid-configuration", exchange -> answer(exchange, 200, discovery));
        server.createContext(PATH + "/jwks", exchange -> answer(exchange, 200, jwks));
        server.createContext(PATH + "/token", this::token);
        server.createContext(PATH + "/userinfo", this::userInfo);
        server.setExecutor(executor);
        server.start();
    }

    public static BenchProvider start() {
        try {
            return new BenchProvider();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the benchmark provider", e);
        }
    }

    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The public key, so the floor verifies with the same key. */
    public RSAKey publicKey() {
        return key.toPublicJWK();
    }

    public static String email(String subject) {
        return subject + "@example.com";
    }

    /** The authorize step: a code whose token response (ID token for {@code nonce}) is ready in memory. */
    public String issueCode(String subject, String nonce) {
        String code = UUID.randomUUID().toString();
        String accessToken = UUID.randomUUID().toString();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", accessToken);
        body.put("token_type", "Bearer");
        body.put("expires_in", 300);
        body.put("id_token", idToken(subject, nonce));
        codes.put(code, new Grant(JSONObjectUtils.toJSONString(body), subject));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("email", email(subject));
        claims.put("email_verified", true);
        claims.put("name", "Bench " + subject);
        userInfo.put(accessToken, JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8));
        return code;
    }

    /** A signed ID token as the token endpoint would give it. */
    public String idToken(String subject, String nonce) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(subject)
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .claim("azp", CLIENT_ID)
                .claim("nonce", nonce)
                .claim("sid", UUID.randomUUID().toString())
                .claim("email", email(subject))
                .claim("email_verified", true)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** How many TCP connections the adapter has opened to the token endpoint so far. */
    public int tokenConnections() {
        return tokenConnections.size();
    }

    private void token(HttpExchange exchange) throws IOException {
        tokenConnections.add(exchange.getRemoteAddress().toString());
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String code = null;
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals("code")) {
                code = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        Grant grant = code == null ? null : codes.remove(code);
        if (grant == null) {
            answer(exchange, 400, "{\"error\":\"invalid_grant\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        answer(exchange, 200, grant.tokenResponse().getBytes(StandardCharsets.UTF_8));
    }

    private void userInfo(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        byte[] claims = authorization != null && authorization.startsWith("Bearer ") ? userInfo.remove(authorization.substring(7)) : null;
        if (claims == null) {
            answer(exchange, 401, new byte[0]);
            return;
        }
        answer(exchange, 200, claims);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
