package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.io.IOException;
import java.net.URI;

/** Sends the doctor's requests to the provider with the relying party's HTTP settings: the timeout, no redirects. */
final class ProviderHttp {

    private final dev.immichkeycloak.adapter.oidc.ProviderHttp settings;

    ProviderHttp(int timeoutMillis) {
        // The doctor reports an http issuer itself (the transport finding) instead of refusing to look at it.
        this.settings = new dev.immichkeycloak.adapter.oidc.ProviderHttp(timeoutMillis, true);
    }

    HTTPResponse get(URI uri) throws IOException {
        return send(new HTTPRequest(HTTPRequest.Method.GET, uri));
    }

    HTTPResponse send(HTTPRequest request) throws IOException {
        // No redirects followed: a redirect is itself the answer we classify (e.g. the authorization endpoint sending the browser back).
        return settings.prepare(request).send();
    }
}
