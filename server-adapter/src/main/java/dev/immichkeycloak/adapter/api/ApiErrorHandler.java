package dev.immichkeycloak.adapter.api;

import dev.immichkeycloak.adapter.db.DatabaseUnavailable;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renders every failure as Immich's error body {@code {message, error, statusCode, correlationId[, reason]}}. A named failure
 * ({@link ApiException}) is logged once here as one line with its reason; only unexpected exceptions are logged with their
 * stack trace, and they answer a generic 500 without it.
 */
public class ApiErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrorHandler.class);
    private static final String WRITTEN = ApiErrorHandler.class.getName() + ".written";

    /** The {@code error} names Nest's HTTP exceptions use (Javalin's differ, e.g. "Server Error"). */
    private static final Map<Integer, String> NEST_ERRORS = Map.ofEntries(
            Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"), Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"),
            Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"), Map.entry(408, "Request Timeout"),
            Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(412, "Precondition Failed"), Map.entry(413, "Payload Too Large"),
            Map.entry(415, "Unsupported Media Type"), Map.entry(418, "I'm a teapot"), Map.entry(422, "Unprocessable Entity"),
            Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"),
            Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Timeout"));

    private final ApiFailureListener listener;

    public ApiErrorHandler() {
        this(ApiFailureListener.NONE);
    }

    public ApiErrorHandler(ApiFailureListener listener) {
        this.listener = listener;
    }

    public void handle(Exception e, Context ctx) {
        if (e instanceof ValidationException v) {
            write(ctx, 400, v.messages(), null);
        } else if (e instanceof ApiException a) {
            // An expected failure: one line (the correlation id is in the MDC of every line), never a stack trace. Detail and
            // cause are for the log only.
            if (a.status() >= 500 || a.reason() != null) {
                log.warn("{} {} -> {} {} (reason {}): {}{}", ctx.method(), ctx.path(), a.status(), a.getMessage(), a.reason(), a.detail(),
                        causeOf(a));
            } else if (a.detail() != null) {
                log.info("{} {} -> {} {} (reason {}): {}{}", ctx.method(), ctx.path(), a.status(), a.getMessage(), a.reason(), a.detail(),
                        causeOf(a));
            }
            if (a instanceof TooManyAttemptsException t) {
                ctx.header("Retry-After", Long.toString(t.retryAfterSeconds()));
            }
            write(ctx, a.status(), a.getMessage(), a.reason());
            listener.failed(ctx, a);
        } else if (e instanceof HttpResponseException h) {
            // Javalin's own answers: an unmatched route, a too-large body, ...
            String message = h.getStatus() == 404 ? "Cannot " + ctx.method() + " " + ctx.path() : h.getMessage();
            write(ctx, h.getStatus(), message, null);
        } else if (JsonBody.fromRequestStream(e) && JsonBody.unreadable(e) != null) {
            // A body read outside JsonBody (e.g. a form) that was cut off or badly chunked: the client's fault, not a 500.
            handle(JsonBody.unreadable(e), ctx);
        } else if (DatabaseUnavailable.isCause(e)) {
            // Expected while the database is down or restarting: one line; the pool reconnects by itself when it is back.
            log.warn("{} {} -> 503 database unavailable: {}", ctx.method(), ctx.path(), rootMessage(e));
            write(ctx, 503, "The database is unavailable, try again shortly", "DATABASE_UNAVAILABLE");
        } else {
            log.error("{} {} failed", ctx.method(), ctx.path(), e);
            String operation = ApiRouter.operation(ctx);
            write(ctx, 500, operation == null ? "Internal server error" : "Failed to " + ApiRouter.words(operation), null);
        }
    }

    /** The cause's type and message for the one log line, unless the detail already says it. */
    private static String causeOf(ApiException a) {
        Throwable cause = a.getCause();
        // A named failure wrapped in the API exception (an OAuth failure) says what the detail says: look at what it wraps.
        while (cause != null && a.detail() != null && cause.getMessage() != null
                && (a.detail().contains(cause.getMessage()) || cause.getMessage().contains(a.detail()))) {
            cause = cause.getCause();
        }
        if (cause == null) {
            return "";
        }
        String message = String.valueOf(cause.getMessage()).replaceAll("\\p{Cntrl}", "?");
        return " [" + cause.getClass().getSimpleName() + ": " + (message.length() > 300 ? message.substring(0, 300) + "…" : message) + "]";
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + String.valueOf(root.getMessage()).replaceAll("\\p{Cntrl}", "?");
    }

    /** For the 404 of a route that does not exist; a 404 that was already rendered here is left alone. */
    public void notFound(Context ctx) {
        if (ctx.attribute(WRITTEN) != null) {
            return;
        }
        write(ctx, 404, "Cannot " + ctx.method() + " " + ctx.path(), null);
    }

    private static void write(Context ctx, int status, Object message, String reason) {
        ctx.attribute(WRITTEN, Boolean.TRUE);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("error", NEST_ERRORS.getOrDefault(status, HttpStatus.forStatus(status).getMessage()));
        body.put("statusCode", status);
        body.put("correlationId", CorrelationId.of(ctx));
        if (reason != null) {
            body.put("reason", reason);
        }
        ctx.status(status).json(body);
    }
}
