package dev.immichkeycloak.adapter.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A JSON request body read field by field with zod's messages; problems are collected and thrown together by
 * {@link #validate()}. Unknown keys are ignored (zod strips them).
 */
public final class JsonBody {

    // zod's email pattern.
    private static final Pattern EMAIL =
            Pattern.compile("^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$");

    private final JsonNode root;
    private final List<String> problems = new ArrayList<>();

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** Parses the body; an empty body is an empty object, malformed JSON is 400, a non-object is a validation error. */
    public static JsonBody parse(Context ctx, ObjectMapper mapper) {
        String text = ctx.body();
        JsonNode root;
        try {
            root = text.isBlank() ? mapper.createObjectNode() : mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "Malformed JSON body", null, e.getOriginalMessage(), null);
        }
        if (!root.isObject()) {
            throw new ValidationException(List.of("Invalid input: expected object, received " + typeName(root)));
        }
        return new JsonBody(root);
    }

    public JsonNode tree() {
        return root;
    }

    public String requiredString(String field) {
        JsonNode value = root.path(field);
        if (!value.isTextual()) {
            problem(field, expected("string", value));
            return null;
        }
        return value.asText();
    }

    /** A string of at least one character. */
    public String requiredNonEmptyString(String field) {
        String value = requiredString(field);
        if (value != null && value.isEmpty()) {
            problem(field, "Too small: expected string to have >=1 characters");
            return null;
        }
        return value;
    }

    /** An email address, trimmed and lower-cased as Immich's DTOs do. */
    public String requiredEmail(String field) {
        String value = requiredString(field);
        if (value == null) {
            return null;
        }
        String email = value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            problem(field, "Invalid email address");
            return null;
        }
        return email;
    }

    /** Absent or null gives null. */
    public String optionalString(String field) {
        JsonNode value = root.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problem(field, expected("string", value));
            return null;
        }
        return value.asText();
    }

    public boolean optionalBoolean(String field, boolean fallback) {
        JsonNode value = root.path(field);
        if (value.isMissingNode()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            problem(field, expected("boolean", value));
            return fallback;
        }
        return value.asBoolean();
    }

    /** A whole number ≥ 0; absent or null gives null. */
    public Long optionalNonNegativeLong(String field) {
        JsonNode value = root.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            problem(field, expected("int", value));
            return null;
        }
        if (value.asLong() < 0) {
            problem(field, "Too small: expected number to be >=0");
            return null;
        }
        return value.asLong();
    }

    /** Throws the collected problems as one 400. */
    public JsonBody validate() {
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        return this;
    }

    private void problem(String field, String message) {
        problems.add("[" + field + "] " + message);
    }

    /** zod's type message, e.g. {@code Invalid input: expected string, received undefined}. */
    public static String expected(String type, JsonNode value) {
        return "Invalid input: expected " + type + ", received " + typeName(value);
    }

    /** The JavaScript name of a JSON value's type, as zod reports it. */
    public static String typeName(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "undefined";
        }
        return switch (value.getNodeType()) {
            case NULL -> "null";
            case STRING -> "string";
            case NUMBER -> "number";
            case BOOLEAN -> "boolean";
            case ARRAY -> "array";
            default -> "object";
        };
    }
}
