package dev.immichkeycloak.adapter.user;

/** An insert or link hit a unique constraint; {@link #conflict()} says which one, so a caller can retry or map it. */
public class DuplicateUserException extends RuntimeException {

    /** The unique rule that was violated. */
    public enum Conflict { EMAIL, STORAGE_LABEL, OAUTH_LINK }

    private final Conflict conflict;

    public DuplicateUserException(Conflict conflict, Throwable cause) {
        super("Duplicate user: " + conflict, cause);
        this.conflict = conflict;
    }

    public Conflict conflict() {
        return conflict;
    }
}
