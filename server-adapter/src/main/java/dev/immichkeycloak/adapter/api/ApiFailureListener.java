package dev.immichkeycloak.adapter.api;

import io.javalin.http.Context;

/** Told about every {@link ApiException} the error mapper renders, after it is rendered (e.g. to keep recent OAuth failures). */
@FunctionalInterface
public interface ApiFailureListener {

    ApiFailureListener NONE = (ctx, failure) -> { };

    void failed(Context ctx, ApiException failure);
}
