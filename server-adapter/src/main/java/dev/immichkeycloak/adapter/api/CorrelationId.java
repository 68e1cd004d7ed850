package dev.immichkeycloak.adapter.api;

import io.javalin.http.Context;
import java.util.UUID;
import org.slf4j.MDC;

/** One id per request: in the error body, the {@code x-correlation-id} header and the log MDC, so a report finds its log line. */
public final class CorrelationId {

    public static final String HEADER = "x-correlation-id";
    public static final String MDC_KEY = "correlationId";
    private static final String ATTRIBUTE = CorrelationId.class.getName();

    private CorrelationId() {
    }

    /** Before every request. */
    public static void start(Context ctx) {
        String id = UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
        MDC.put(MDC_KEY, id);
    }

    /** After every request (also after an error), so the pooled thread carries no stale id. */
    public static void end(Context ctx) {
        MDC.remove(MDC_KEY);
    }

    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "" : id;
    }
}
