package dev.immichkeycloak.adapter.oidc;

import dev.immichkeycloak.adapter.api.ApiException;

/**
 * A named OAuth failure: a stable {@link Reason}, an internal detail for the log, and (for discovery only) a fixed
 * public summary. {@link #toApiException(OAuthOperation)} turns it into Immich's status and exact message plus our
 * {@code reason} (spec README §3.11).
 */
public final class OAuthFailure extends RuntimeException {

    /** Immich's prefix for discovery failures; the rest of the message is one of our fixed summaries. */
    public static final String DISCOVERY_PREFIX = "Error in OAuth discovery: ";

    /** How a reason is shown: a fixed status and message, Immich's generic 500 of the operation, or the discovery 500. */
    private enum Kind { FIXED, GENERIC, DISCOVERY, DISABLED }

    /** Stable reason codes, each with the status and message Immich gives for the same situation. */
    public enum Reason {
        OAUTH_DISABLED(Kind.DISABLED, 400, null),
        // Our addition (spec README §3.4): callback and link take JSON only, which blocks login CSRF by cross-site form posts.
        JSON_BODY_REQUIRED(Kind.FIXED, 415, "Content-Type must be application/json"),
        REDIRECT_URI_NOT_ALLOWED(Kind.FIXED, 400, "Invalid redirect URI"),
        CODE_CHALLENGE_INVALID(Kind.FIXED, 400, "Invalid code challenge"),
        STATE_INVALID(Kind.FIXED, 400, "Invalid state"),
        STATE_MISSING(Kind.FIXED, 400, "OAuth state is missing"),
        CODE_VERIFIER_MISSING(Kind.FIXED, 400, "OAuth code verifier is missing"),
        // Immich answers every state or PKCE mismatch with the operation's generic 500.
        STATE_MISMATCH(Kind.GENERIC, 500, null),
        STATE_EXPIRED(Kind.GENERIC, 500, null),
        FLOW_MISMATCH(Kind.GENERIC, 500, null),
        CODE_VERIFIER_MISMATCH(Kind.GENERIC, 500, null),
        CALLBACK_URL_INVALID(Kind.GENERIC, 500, null),
        CODE_MISSING(Kind.GENERIC, 500, null),
        PROVIDER_ERROR(Kind.GENERIC, 500, null),
        ISSUER_MISMATCH(Kind.GENERIC, 500, null),
        DISCOVERY_FAILED(Kind.DISCOVERY, 500, null),
        TOKEN_REQUEST_FAILED(Kind.GENERIC, 500, null),
        ID_TOKEN_INVALID(Kind.GENERIC, 500, null),
        USERINFO_INVALID(Kind.GENERIC, 500, null),
        NO_EMAIL(Kind.FIXED, 400, "OAuth profile does not have an email address"),
        EMAIL_INVALID(Kind.FIXED, 400, "OAuth profile does not have an email address"),
        // Ours: an identifier claim (sub, sid) too long to store; display claims such as name are cut instead.
        CLAIM_INVALID(Kind.FIXED, 400, "OAuth profile has an invalid claim"),
        AUTO_REGISTER_DISABLED(Kind.FIXED, 400, "User does not exist and auto registering is disabled."),
        ACCOUNT_CONFLICT(Kind.FIXED, 400,
                "An account with this email already exists. Log in with it and link OAuth from user settings."),
        LINKED_TO_ANOTHER_ACCOUNT(Kind.FIXED, 400, "User already exists, but is linked to another account."),
        ALREADY_LINKED(Kind.FIXED, 400, "This OAuth account has already been linked to another user."),
        FIRST_USER_MUST_BE_ADMIN(Kind.FIXED, 400, "The first registered account must the administrator."),
        USER_EXISTS(Kind.FIXED, 400, "User exists"),
        LOGOUT_TOKEN_INVALID(Kind.FIXED, 400, "Error backchannel logout: token validation failed"),
        LOGOUT_TOKEN_REPLAYED(Kind.FIXED, 400, "Error backchannel logout: token validation failed"),
        LOGOUT_TOKEN_NO_SUBJECT(Kind.FIXED, 400, "Invalid logout token: it must contain either a sub or a sid claim");

        private final Kind kind;
        private final int status;
        private final String message;

        Reason(Kind kind, int status, String message) {
            this.kind = kind;
            this.status = status;
            this.message = message;
        }

        /** The HTTP status Immich gives for this situation. */
        public int status() {
            return status;
        }
    }

    private final Reason reason;
    private final String publicSummary;
    private final String detail;

    private OAuthFailure(Reason reason, String publicSummary, String detail, Throwable cause) {
        super(reason + (detail == null ? "" : ": " + detail), cause);
        this.reason = reason;
        this.publicSummary = publicSummary;
        this.detail = detail;
    }

    public static OAuthFailure of(Reason reason, String detail) {
        return new OAuthFailure(reason, null, detail, null);
    }

    public static OAuthFailure of(Reason reason, String detail, Throwable cause) {
        return new OAuthFailure(reason, null, detail, cause);
    }

    /**
     * A discovery failure. {@code publicSummary} must be one of our fixed phrases (never an exception message): it is
     * shown to the caller after {@link #DISCOVERY_PREFIX}, like Immich shows its error name.
     */
    public static OAuthFailure discovery(String publicSummary, String detail, Throwable cause) {
        return new OAuthFailure(Reason.DISCOVERY_FAILED, publicSummary, detail, cause);
    }

    public Reason reason() {
        return reason;
    }

    /** Log-only detail: may name URLs or library messages, never tokens or secrets. */
    public String detail() {
        return detail;
    }

    /** The public message for this failure in {@code operation}, exactly as Immich words it. */
    public String publicMessage(OAuthOperation operation) {
        return switch (reason.kind) {
            case FIXED -> reason.message;
            case GENERIC -> operation.genericMessage();
            case DISABLED -> operation.disabledMessage();
            case DISCOVERY -> DISCOVERY_PREFIX + publicSummary;
        };
    }

    public ApiException toApiException(OAuthOperation operation) {
        return new ApiException(reason.status, publicMessage(operation), reason.name(), detail, this);
    }
}
