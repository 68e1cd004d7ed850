package dev.immichkeycloak.adapter.doctor;

import dev.immichkeycloak.adapter.oidc.ProviderHttp;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;

/**
 * What a finding may say. Findings name the admin's own input (issuer URL, client ID, public URL), an HTTP status, values
 * from a closed vocabulary (algorithm names, auth methods, OAuth error codes) and fixed text; never free text from the
 * provider's answers (pages, error descriptions, headers, key IDs, URLs in the metadata, exception messages), so the
 * diagnose route cannot be used to read what some other host answers.
 */
final class ProviderText {

    private static final int MAX_LENGTH = 160;

    /** RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6: the error codes a finding may repeat. */
    private static final Set<String> OAUTH_ERRORS = Set.of("invalid_request", "unauthorized_client", "access_denied",
            "unsupported_response_type", "invalid_scope", "server_error", "temporarily_unavailable", "invalid_client",
            "invalid_grant", "unsupported_grant_type", "interaction_required", "login_required", "account_selection_required",
            "consent_required", "invalid_request_uri", "invalid_request_object", "request_not_supported",
            "request_uri_not_supported", "registration_not_supported");

    private ProviderText() {
    }

    /** Admin input (or a fixed-vocabulary value) on one line, shortened. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\p{Cntrl}+", " ").replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_LENGTH ? oneLine : oneLine.substring(0, MAX_LENGTH) + "…";
    }

    static String quote(String text) {
        return "\"" + clean(text) + "\"";
    }

    /** The OAuth error code when it is a standard one, else {@code an unrecognised error code}. */
    static String errorCode(String code) {
        return code != null && OAUTH_ERRORS.contains(code) ? code : "an unrecognised error code";
    }

    /** Only the {@code known} values of {@code values}, as {@code [a, b]}; unknown ones are counted, not shown. */
    static String known(Collection<String> values, Set<String> known) {
        String shown = values.stream().filter(known::contains).distinct().collect(Collectors.joining(", ", "[", "]"));
        long others = values.stream().filter(value -> !known.contains(value)).count();
        return others == 0 ? shown : shown + " and " + others + " other value" + (others == 1 ? "" : "s");
    }

    /** A fixed description of why a request failed; the exception's own message (hosts, addresses) is not used. */
    static String failure(IOException e) {
        if (e instanceof ProviderHttp.TooLargeException) {
            return "the answer is larger than " + ProviderHttp.MAX_DOCUMENT_BYTES / 1024 + " KiB";
        }
        if (e instanceof ProviderHttp.NotAllowedException) {
            return "not requested: only https URLs are fetched (http only with allowInsecureRequests on)";
        }
        if (e instanceof SocketTimeoutException) {
            return "no answer within the timeout";
        }
        if (e instanceof UnknownHostException) {
            return "the host name does not resolve";
        }
        if (e instanceof ConnectException) {
            return "the connection was refused";
        }
        if (e instanceof NoRouteToHostException) {
            return "no route to the host";
        }
        if (e instanceof SSLException) {
            return "the TLS handshake failed (certificate not trusted or not valid for the host)";
        }
        return "the connection failed";
    }
}
