package dev.immichkeycloak.adapter.session;

/**
 * Where the client goes after {@code POST /api/auth/logout} (the {@code redirectUri} of the response). The session is already
 * deleted when this is asked. The OAuth part implements it for OAuth sessions (end-session endpoint with
 * {@code id_token_hint}); everything else goes back to the login page.
 */
@FunctionalInterface
public interface LogoutRedirect {

    /** Immich's {@code LOGIN_URL}: the login page without auto launch, so OAuth does not start again right away. */
    String LOGIN_PAGE = "/auth/login?autoLaunch=0";

    String redirectUri(Auth ended);

    static LogoutRedirect loginPage() {
        return ended -> LOGIN_PAGE;
    }
}
