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

    /**
     * Parses the body; an empty body is an empty object, malformed JSON is 400, a non-object is a validation error, and a body
     * that cannot be read at all (see {@link #unreadable}) is 400 or 415.
     */
    public static JsonBody parse(Context ctx, ObjectMapper mapper) {
        String text;
        try {
            text = ctx.body();
        } catch (Exception e) { // Javalin rethrows Jetty's IOException unchecked
            ApiException mapped = unreadable(e);
            if (mapped == null) {
                throw e;
            }
            throw mapped;
        }
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

    /** A string of at most {@code maxLength} characters (see {@link FieldLimits}). */
    public String requiredString(String field, int maxLength) {
        JsonNode value = root.path(field);
        if (!value.isTextual()) {
            problem(field, expected("string", value));
            return null;
        }
        return checkLength(field, value.asText(), 0, maxLength);
    }

    /** A string of at least one and at most {@code maxLength} characters. */
    public String requiredNonEmptyString(String field, int maxLength) {
        String value = requiredString(field, maxLength);
        if (value != null && value.isEmpty()) {
            problem(field, tooSmall(1));
            return null;
        }
        return value;
    }

    /** A new password: {@link FieldLimits#PASSWORD_MIN} to {@link FieldLimits#PASSWORD_MAX} characters. */
    public String newPassword(String field) {
        JsonNode value = root.path(field);
        if (!value.isTextual()) {
            problem(field, expected("string", value));
            return null;
        }
        return checkLength(field, value.asText(), FieldLimits.PASSWORD_MIN, FieldLimits.PASSWORD_MAX);
    }

    /** An email address of at most {@link FieldLimits#EMAIL} characters, trimmed and lower-cased as Immich's DTOs do. */
    public String requiredEmail(String field) {
        JsonNode node = root.path(field);
        if (!node.isTextual()) {
            problem(field, expected("string", node));
            return null;
        }
        String email = checkLength(field, node.asText().trim().toLowerCase(java.util.Locale.ROOT), 0, FieldLimits.EMAIL);
        if (email == null) {
            return null;
        }
        if (!EMAIL.matcher(email).matches()) {
            problem(field, "Invalid email address");
            return null;
        }
        return email;
    }

    /** Absent or null gives null; else a string of at most {@code maxLength} characters. */
    public String optionalString(String field, int maxLength) {
        JsonNode value = root.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            problem(field, expected("string", value));
            return null;
        }
        return checkLength(field, value.asText(), 0, maxLength);
    }

    public boolean requiredBoolean(String field) {
        JsonNode value = root.path(field);
        if (!value.isBoolean()) {
            problem(field, expected("boolean", value));
            return false;
        }
        return value.asBoolean();
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

    /** {@code value} when its length is within bounds, else null and zod's message. */
    private String checkLength(String field, String value, int min, int max) {
        if (value.length() < min) {
            problem(field, tooSmall(min));
            return null;
        }
        if (value.length() > max) {
            problem(field, "Too big: expected string to have <=" + max + " characters");
            return null;
        }
        return value;
    }

    private static String tooSmall(int min) {
        return "Too small: expected string to have >=" + min + " characters";
    }

    /**
     * The answer for a request body that cannot be read: cut off, broken chunked encoding, or another I/O failure while reading
     * it (Jetty's {@code EofException}, {@code BadMessageException}, possibly wrapped) is 400; an unknown charset is 415, as
     * Immich's body parser answers. Null when {@code e} is none of these. The detail is for the log; there is no cause, so no
     * stack trace is logged for a client's broken request.
     */
    public static ApiException unreadable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.nio.charset.UnsupportedCharsetException || t instanceof java.nio.charset.IllegalCharsetNameException) {
                return new ApiException(415, "Unsupported charset", null, "request charset: " + t.getMessage(), null);
            }
            if (t instanceof java.io.IOException || t instanceof org.eclipse.jetty.http.HttpException) {
                return new ApiException(400, "Malformed request body", null, "reading the body failed: " + t, null);
            }
        }
        return null;
    }

    /**
     * Whether {@code e} comes from Jetty's reading of the request (its {@code EofException} or an {@code HttpException} such as
     * {@code BadMessageException}); for bodies read outside {@link #parse}, where an {@code IOException} alone could be anything.
     */
    public static boolean fromRequestStream(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.jetty.io.EofException || t instanceof org.eclipse.jetty.http.HttpException
                    || t instanceof java.nio.charset.UnsupportedCharsetException || t instanceof java.nio.charset.IllegalCharsetNameException) {
                return true;
            }
        }
        return false;
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
