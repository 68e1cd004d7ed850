package dev.immichkeycloak.adapter.session;

import dev.immichkeycloak.adapter.user.User;

/** The authenticated caller of a request: the user and the session whose token was presented. */
public record Auth(User user, Session session) {
}
