package dev.immichkeycloak.adapter.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;

/** An HTTP response of the adapter with its body parsed as JSON on demand. */
public record ApiResponse(HttpResponse<String> raw, ObjectMapper mapper) {

    public int status() {
        return raw.statusCode();
    }

    public String body() {
        return raw.body();
    }

    public JsonNode json() {
        try {
            return mapper.readTree(raw.body());
        } catch (IOException e) {
            throw new UncheckedIOException("Not JSON: " + raw.body(), e);
        }
    }

    /** The {@code message} of an error body that must be an array (validation errors). */
    public List<String> messages() {
        JsonNode message = json().get("message");
        assertThat(message.isArray()).as("message is an array in %s", body()).isTrue();
        List<String> messages = new java.util.ArrayList<>();
        message.forEach(m -> messages.add(m.asText()));
        return messages;
    }

    /** The {@code message} of an error body that is a single string. */
    public String message() {
        return json().get("message").asText();
    }

    public List<String> setCookies() {
        return raw.headers().allValues("Set-Cookie");
    }

    /** The Set-Cookie header for {@code name}; fails when there is none. */
    public String setCookie(String name) {
        return setCookies().stream().filter(c -> c.startsWith(name + "=")).findFirst()
                .orElseThrow(() -> new AssertionError("No Set-Cookie for " + name + " in " + setCookies()));
    }

    public String header(String name) {
        return raw.headers().firstValue(name).orElse(null);
    }

    public ApiResponse expectStatus(int expected) {
        assertThat(status()).as("status of %s %s, body %s", raw.request().method(), raw.request().uri(), body()).isEqualTo(expected);
        return this;
    }
}
