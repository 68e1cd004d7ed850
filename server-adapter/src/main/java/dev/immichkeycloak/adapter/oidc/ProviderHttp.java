package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Outbound HTTP to one provider, the one way the adapter talks to it (discovery, JWKS, token, UserInfo, and the provider
 * doctor): the configured {@code timeout} (milliseconds) on connect and on read, no redirect following, answers capped at
 * {@link #MAX_DOCUMENT_BYTES}, {@code Accept: application/json} unless the request says otherwise, and {@code http://} only
 * when {@code allowInsecureRequests} is on.
 */
public record ProviderHttp(int timeoutMillis, boolean allowInsecureRequests) {

    /** Cap for every answer: discovery, JWK sets, token and UserInfo (security.md §2.6: "cap the size of the discovery document and the JWKS"). */
    public static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    /**
     * The {@code Accept} header of every request that sets none: what the adapter reads from a provider is JSON (a signed
     * UserInfo is a JWT because the client is registered so, whatever the request accepts).
     */
    public static final String ACCEPT_JSON = "application/json";

    public ProviderHttp {
        if (timeoutMillis < 1) {
            throw new IllegalArgumentException("timeout must be at least 1 ms");
        }
    }

    /** The request was not sent: its URL is not https (and http is not allowed), or not an absolute http(s) URL. */
    public static final class NotAllowedException extends IOException {
        NotAllowedException(String message) {
            super(message);
        }
    }

    /** The answer was longer than {@link #MAX_DOCUMENT_BYTES}; it was not read to the end. */
    public static final class TooLargeException extends IOException {
        TooLargeException(String message) {
            super(message);
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

    /** A GET of {@code uri} through {@link #send}. */
    public HTTPResponse get(URI uri) throws IOException {
        return send(new HTTPRequest(HTTPRequest.Method.GET, uri));
    }

    /**
     * Sends {@code request} with these settings and returns the answer, whatever its status; a redirect is returned, not
     * followed. Throws {@link NotAllowedException} (nothing sent) for a URL these settings refuse, and
     * {@link TooLargeException} for an answer above {@link #MAX_DOCUMENT_BYTES}.
     */
    public HTTPResponse send(HTTPRequest request) throws IOException {
        URL url = request.getURL();
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new NotAllowedException("not a valid URL");
        }
        if (!isAllowed(uri)) {
            throw new NotAllowedException(uri.getScheme() != null && uri.getScheme().equalsIgnoreCase("http")
                    ? "http is not allowed, enable allowInsecureRequests" : "only http(s) URLs are fetched");
        }
        URLConnection opened = url.openConnection();
        if (!(opened instanceof HttpURLConnection connection)) {
            throw new NotAllowedException("only http(s) URLs are fetched");
        }
        // An answer read to its end goes back to the JDK's keep-alive cache, so the next call to the provider reuses the
        // connection (no TCP or TLS handshake per token or UserInfo request); anything else closes it.
        boolean readToEnd = false;
        try {
            connection.setConnectTimeout(timeoutMillis);
            connection.setReadTimeout(timeoutMillis);
            connection.setInstanceFollowRedirects(false);
            connection.setUseCaches(false);
            connection.setRequestMethod(request.getMethod().name());
            for (Map.Entry<String, List<String>> header : request.getHeaderMap().entrySet()) {
                for (String value : header.getValue()) {
                    connection.addRequestProperty(header.getKey(), value);
                }
            }
            if (request.getAccept() == null) {
                // Without it HttpURLConnection sends "text/html, image/gif, …", and a provider such as oidc-provider then
                // answers an error as its HTML page: the login would log "token endpoint error null", not the error code.
                connection.setRequestProperty("Accept", ACCEPT_JSON);
            }
            String body = request.getBody();
            if (body != null && request.getMethod() != HTTPRequest.Method.GET) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                // Not in streaming mode: with it, HttpURLConnection drops the body of a 401 answer (the token endpoint's error).
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(bytes);
                }
            }
            int status = connection.getResponseCode();
            HTTPResponse response = new HTTPResponse(status);
            response.setStatusMessage(connection.getResponseMessage());
            for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
                if (header.getKey() != null && header.getValue() != null) {
                    response.setHeader(header.getKey(), header.getValue().toArray(String[]::new));
                }
            }
            InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if (stream != null) {
                try (InputStream in = stream) {
                    String content = readCapped(in);
                    if (!content.isEmpty()) {
                        response.setBody(content);
                    }
                    readToEnd = true;
                }
            } else {
                readToEnd = true;
            }
            return response;
        } finally {
            if (!readToEnd) {
                connection.disconnect();
            }
        }
    }

    /** A retriever for discovery and JWKS documents through {@link #send}: a 2xx answer's body, else an IOException. */
    public ResourceRetriever retriever() {
        return url -> {
            HTTPResponse response;
            try {
                response = get(url.toURI());
            } catch (URISyntaxException e) {
                throw new NotAllowedException("not a valid URL");
            }
            if (response.getStatusCode() < 200 || response.getStatusCode() > 299) {
                throw new IOException("HTTP " + response.getStatusCode() + ": " + response.getStatusMessage());
            }
            return new Resource(response.getBody() == null ? "" : response.getBody(), response.getHeaderValue("Content-Type"));
        };
    }

    private static String readCapped(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            total += n;
            if (total > MAX_DOCUMENT_BYTES) {
                throw new TooLargeException("the answer is larger than " + (MAX_DOCUMENT_BYTES / 1024) + " KiB");
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
