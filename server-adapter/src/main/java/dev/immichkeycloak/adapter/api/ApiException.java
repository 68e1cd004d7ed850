package dev.immichkeycloak.adapter.api;

/**
 * An error with Immich's status and exact message, rendered once by the error mapper as
 * {@code {message, error, statusCode, correlationId[, reason]}}. {@code reason} is our stable code (spec README §3.11)
 * and may be null; {@code detail} goes to the log only, never to the response.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String reason;
    private final String detail;

    public ApiException(int status, String message, String reason, String detail, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.reason = reason;
        this.detail = detail;
    }

    public ApiException(int status, String message) {
        this(status, message, null, null, null);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String detail() {
        return detail;
    }
}
