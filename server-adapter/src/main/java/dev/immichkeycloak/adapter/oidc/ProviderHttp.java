package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.util.Locale;

/**
 * Outbound HTTP settings for one provider: the configured {@code timeout} (milliseconds) on connect and on read, no
 * redirect following, a size cap on documents, and {@code http://} only when {@code allowInsecureRequests} is on.
 */
public record ProviderHttp(int timeoutMillis, boolean allowInsecureRequests) {

    /** Cap for discovery documents and JWK sets (security.md §2.6: "cap the size of the discovery document and the JWKS"). */
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

    public ProviderHttp {
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms");
        }
    }

    /** True when {@code uri} is https, or http with insecure requests allowed. */
    public boolean isAllowed(URI uri) {
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || (scheme.equals("http") && allowInsecureRequests);
    }

    /** Applies the timeouts and turns off redirects on a Nimbus request. */
    public HTTPRequest prepare(HTTPRequest request) {
        request.setConnectTimeout(timeoutMillis);
        request.setReadTimeout(timeoutMillis);
        request.setFollowRedirects(false);
        return request;
    }

    /** A retriever for discovery and JWKS documents with these settings. */
    public ResourceRetriever retriever() {
        return new NoRedirectRetriever(timeoutMillis, MAX_DOCUMENT_BYTES);
    }

    /** Nimbus' retriever with redirects off: a provider that redirects its JWKS elsewhere is refused, not followed. */
    private static final class NoRedirectRetriever extends DefaultResourceRetriever {

        NoRedirectRetriever(int timeoutMillis, int sizeLimit) {
            super(timeoutMillis, timeoutMillis, sizeLimit);
        }

        @Override
        protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
            HttpURLConnection connection = super.openHTTPConnection(url);
            connection.setInstanceFollowRedirects(false);
            return connection;
        }
    }
}
