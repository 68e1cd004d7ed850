package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import java.io.IOException;
import java.net.URI;

/** Sends the doctor's requests to the provider with the configured timeout and without following redirects. */
final class ProviderHttp {

    private final int timeoutMillis;

    ProviderHttp(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    HTTPResponse get(URI uri) throws IOException {
        return send(new HTTPRequest(HTTPRequest.Method.GET, uri));
    }

    HTTPResponse send(HTTPRequest request) throws IOException {
        request.setConnectTimeout(timeoutMillis);
        request.setReadTimeout(timeoutMillis);
        // A redirect is itself the answer we classify (e.g. the authorization endpoint sending the browser back).
        request.setFollowRedirects(false);
        return request.send();
    }
}
