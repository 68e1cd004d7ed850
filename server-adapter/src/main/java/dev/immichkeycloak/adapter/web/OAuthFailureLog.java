package dev.immichkeycloak.adapter.web;

import dev.immichkeycloak.adapter.api.ApiException;
import dev.immichkeycloak.adapter.api.ApiFailureListener;
import dev.immichkeycloak.adapter.api.CorrelationId;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last few OAuth failures, in memory, for the admin page: fed by the error mapper with every {@link ApiException} that
 * carries a {@code reason} on an {@code /api/oauth/} route. Bounded (the oldest entry goes first) and safe across threads.
 */
public final class OAuthFailureLog implements ApiFailureListener {

    public static final int DEFAULT_CAPACITY = 50;
    private static final String OAUTH_ROUTES = "/api/oauth/";

    private final Clock clock;
    private final int capacity;
    private final Deque<RecentOAuthFailure> entries = new ArrayDeque<>();

    public OAuthFailureLog(Clock clock, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public void failed(Context ctx, ApiException failure) {
        if (failure.reason() == null || !ctx.path().startsWith(OAUTH_ROUTES)) {
            return;
        }
        // Only fixed, public strings: the message is what the client saw, the path carries no query string.
        add(new RecentOAuthFailure(now(), ctx.method() + " " + ctx.path(), failure.reason(), failure.status(), failure.getMessage(),
                CorrelationId.of(ctx)));
    }

    /** Adds an entry, dropping the oldest when full. */
    public synchronized void add(RecentOAuthFailure failure) {
        if (entries.size() == capacity) {
            entries.removeLast();
        }
        entries.addFirst(failure);
    }

    /** A copy of the entries, newest first. */
    public synchronized List<RecentOAuthFailure> recent() {
        return new ArrayList<>(entries);
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
