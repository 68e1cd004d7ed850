package dev.immichkeycloak.adapter.oidc;

/**
 * The OAuth operation a failure happened in; it picks Immich's generic 500 message
 * ({@code ErrorInterceptor}: "Failed to " + the handler name split on capitals, immich-api.md §1.1).
 */
public enum OAuthOperation {
    AUTHORIZE("Failed to start oauth", "OAuth is not enabled"),
    CALLBACK("Failed to finish oauth", "OAuth is not enabled"),
    LINK("Failed to link oauth account", "OAuth is not enabled"),
    LOGOUT("Failed to logout", "OAuth is not enabled"),
    BACKCHANNEL_LOGOUT("Failed to logout oauth", "Received backchannel logout request but OAuth is not enabled");

    private final String genericMessage;
    private final String disabledMessage;

    OAuthOperation(String genericMessage, String disabledMessage) {
        this.genericMessage = genericMessage;
        this.disabledMessage = disabledMessage;
    }

    /** Immich's message for an unexpected error in this operation (always status 500). */
    public String genericMessage() {
        return genericMessage;
    }

    /** Immich's message when {@code oauth.enabled} is false (status 400). */
    public String disabledMessage() {
        return disabledMessage;
    }
}
