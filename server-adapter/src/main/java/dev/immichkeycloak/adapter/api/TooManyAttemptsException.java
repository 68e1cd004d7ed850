package dev.immichkeycloak.adapter.api;

/** 429 {@code TOO_MANY_ATTEMPTS} for a throttled password login; the error mapper adds {@code Retry-After}. */
public final class TooManyAttemptsException extends ApiException {

    private final long retryAfterSeconds;

    public TooManyAttemptsException(long retryAfterSeconds, String detail) {
        super(429, "Too many failed login attempts, try again later", "TOO_MANY_ATTEMPTS", detail, null);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the next attempt may be made (at least 1). */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
