package dev.immichkeycloak.keycloak;

import java.util.Objects;

/** A claim value together with where it came from, in words the claims explainer shows (e.g. {@code group /family}). */
public record Resolved<T>(T value, String source) {

    public Resolved {
        Objects.requireNonNull(source, "source");
    }
}
