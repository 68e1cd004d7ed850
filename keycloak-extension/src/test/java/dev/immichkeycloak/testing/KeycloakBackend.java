package dev.immichkeycloak.testing;

import java.net.URI;

/** A running Keycloak, however it was started: a local process or a container. */
interface KeycloakBackend extends AutoCloseable {

    /** The server's root URL, e.g. {@code http://localhost:41234}; realms live under {@code /realms/<name>}. */
    URI baseUrl();

    /** Everything the server has written to its log so far (the process's log file, or the container's output). */
    String log();

    /** One line for humans: how the server was started and where its log is. */
    String description();

    @Override
    void close();
}
