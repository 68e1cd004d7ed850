package dev.immichkeycloak.adapter.api;

/** A group of API routes (usually one controller); {@code AdapterApp} registers each group on the same router. */
@FunctionalInterface
public interface ApiRoutes {

    void register(ApiRouter router);
}
