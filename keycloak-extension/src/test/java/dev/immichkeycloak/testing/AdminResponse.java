package dev.immichkeycloak.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The status, body and Location of one admin REST call, for tests that assert on refusals as well as successes. */
public record AdminResponse(String method, String path, int status, String body, Optional<String> location) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** The body as JSON ({@link MissingNode} when empty). */
    public JsonNode json() {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(method + " " + path + " answered a body that is not JSON: " + body, e);
        }
    }

    /** Throws {@link AdminRequestException} unless the status is 2xx. */
    public AdminResponse requireSuccess() {
        if (!isSuccess()) {
            throw new AdminRequestException(method, path, status, body);
        }
        return this;
    }

    /** The id at the end of the Location header of a 201 answer. */
    public String createdId() {
        requireSuccess();
        String url = location.orElseThrow(() -> new IllegalStateException(method + " " + path + " answered no Location header"));
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
