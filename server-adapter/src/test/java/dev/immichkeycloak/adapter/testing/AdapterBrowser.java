package dev.immichkeycloak.adapter.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.immichkeycloak.adapter.support.ApiResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A client of the adapter with a cookie jar (name → value): Set-Cookie headers update it, cleared cookies leave it. */
public class AdapterBrowser {

    private final HttpClient http;
    private final URI base;
    private final ObjectMapper mapper;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    /** {@code http} must not follow redirects; {@code base} is the adapter's root, e.g. {@code http://127.0.0.1:41234}. */
    public AdapterBrowser(HttpClient http, URI base, ObjectMapper mapper) {
        this.http = http;
        this.base = base;
        this.mapper = mapper;
    }

    public Map<String, String> cookies() {
        return cookies;
    }

    public ApiResponse get(String path, String... headers) {
        return send(request(path, headers).GET());
    }

    public ApiResponse postJson(String path, Object body, String... headers) {
        String json = body instanceof String text ? text : json(body);
        return send(request(path, headers).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public ApiResponse putJson(String path, Object body, String... headers) {
        String json = body instanceof String text ? text : json(body);
        return send(request(path, headers).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public ApiResponse postForm(String path, String form, String... headers) {
        return send(request(path, headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    public String accessToken() {
        return cookies.get("immich_access_token");
    }

    /** {@code GET /api/users/me}, which must answer 200. */
    public JsonNode me() {
        return get("/api/users/me").expectStatus(200).json();
    }

    protected String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path));
        if (headers.length > 0) {
            builder.headers(headers);
        }
        if (!cookies.isEmpty()) {
            builder.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        return builder;
    }

    private ApiResponse send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            List<String> setCookies = response.headers().allValues("Set-Cookie");
            for (String setCookie : setCookies) {
                String pair = setCookie.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                if (value.isEmpty() || setCookie.contains("Expires=Thu, 01 Jan 1970")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return new ApiResponse(response, mapper);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
