package dev.immichkeycloak.adapter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The client side of a web login, as a browser does it: {@code POST /api/oauth/authorize}, the provider (in memory, see
 * {@link BenchProvider#issueCode}), then {@code POST /api/oauth/callback} with the state and verifier cookies. Only the
 * callback is timed. Thread-safe: one HTTP/1.1 client (keep-alive) for every worker.
 */
public final class LoginDriver {

    /** One login: the callback's time, the whole login's time. */
    public record Timing(long callbackNanos, long loginNanos) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper = new ObjectMapper();
    private final String origin;
    private final BenchProvider provider;
    private final String redirectUri;

    /** A driver of the adapter at {@code origin} whose public URL is the same. */
    public LoginDriver(String origin, BenchProvider provider) {
        this(origin, provider, origin);
    }

    public LoginDriver(String origin, BenchProvider provider, String publicUrl) {
        this.origin = origin;
        this.provider = provider;
        this.redirectUri = publicUrl + "/auth/login";
    }

    public Timing login(String subject) {
        long begin = System.nanoTime();
        HttpResponse<String> authorize = post("/api/oauth/authorize", "{\"redirectUri\":\"" + redirectUri + "\"}", null);
        if (authorize.statusCode() != 201) {
            throw new IllegalStateException("authorize answered " + authorize.statusCode() + ": " + authorize.body());
        }
        Map<String, String> query = query(URI.create(json(authorize.body()).get("url").asText()).getRawQuery());
        String code = provider.issueCode(subject, query.get("nonce"));
        String callbackUrl = query.get("redirect_uri") + "?code=" + encode(code) + "&state=" + encode(query.get("state"))
                + "&iss=" + encode(provider.issuer());
        String cookies = cookies(authorize.headers().allValues("Set-Cookie"));
        long start = System.nanoTime();
        HttpResponse<String> callback = post("/api/oauth/callback", "{\"url\":\"" + callbackUrl + "\"}", cookies);
        long end = System.nanoTime();
        if (callback.statusCode() != 201) {
            throw new IllegalStateException("callback answered " + callback.statusCode() + ": " + callback.body());
        }
        return new Timing(end - start, end - begin);
    }

    /** {@code POST /api/auth/admin-sign-up}: the first user is an admin, so OAuth users may register. */
    public void signUpAdmin() {
        HttpResponse<String> answer = post("/api/auth/admin-sign-up",
                "{\"email\":\"admin@example.com\",\"password\":\"bench-admin-password\",\"name\":\"Admin\"}", null);
        if (answer.statusCode() != 201) {
            throw new IllegalStateException("admin sign-up answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private HttpResponse<String> post(String path, String body, String cookies) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookies != null && !cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode json(String body) {
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private static String cookies(List<String> setCookies) {
        StringJoiner joined = new StringJoiner("; ");
        for (String setCookie : setCookies) {
            String pair = setCookie.split(";", 2)[0];
            if (!pair.endsWith("=")) {
                joined.add(pair);
            }
        }
        return joined.toString();
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> values = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
