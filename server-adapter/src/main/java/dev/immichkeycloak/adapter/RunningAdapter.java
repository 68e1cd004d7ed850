package dev.immichkeycloak.adapter;

import io.javalin.Javalin;

/** A started adapter: its server and its services; {@link #close()} stops the server, then closes the pool. */
record RunningAdapter(Javalin app, AdapterServices services) implements AutoCloseable {

    int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
        services.close();
    }
}
