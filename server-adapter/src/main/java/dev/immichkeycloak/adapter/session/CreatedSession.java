package dev.immichkeycloak.adapter.session;

/** A new session and its raw token; the token exists only here and in the response that hands it out. */
public record CreatedSession(String token, Session session) {

    @Override
    public String toString() {
        return "CreatedSession[" + session + "]";
    }
}
