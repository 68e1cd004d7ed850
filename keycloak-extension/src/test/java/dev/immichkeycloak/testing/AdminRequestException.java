package dev.immichkeycloak.testing;

/** An admin REST call that a fixture helper expected to succeed answered with an error status. */
public final class AdminRequestException extends RuntimeException {

    private final int status;

    AdminRequestException(String method, String path, int status, String body) {
        super(method + " " + path + " answered " + status + ": " + body);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
