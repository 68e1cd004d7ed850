package dev.immichkeycloak.adapter.doctor;

import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.oidc.ProviderHttp;
import java.io.IOException;
import java.net.URI;

/**
 * Whether the page clients link to as "Manage your account" answers: the {@code accountManagementUrl} setting, or a Keycloak
 * realm's account console derived from the issuer. A page that shows or redirects to a login is fine (2xx or 3xx).
 */
final class AccountManagementCheck {

    static final String CHECK = "account management";

    /** Null when there is nothing to check (no setting, and the issuer is not a Keycloak realm). */
    Finding run(OAuthConfig config, ProviderHttp http) {
        String url = config.effectiveAccountManagementUrl();
        if (url.isEmpty()) {
            return null;
        }
        String derived = config.accountManagementUrl().isBlank() ? " (the realm's account console, from the issuer)" : "";
        try {
            HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, URI.create(url));
            request.setAccept("text/html");
            HTTPResponse response = http.send(request);
            int status = response.getStatusCode();
            if (status >= 200 && status < 400) {
                return Finding.ok(CHECK, url + derived + " answers (HTTP " + status + ").");
            }
            return Finding.warn(CHECK, url + derived + " answers HTTP " + status + ".",
                    "Set accountManagementUrl to the page where users manage their account at the provider, or leave the link out"
                            + " by setting a page that exists.");
        } catch (IOException | IllegalArgumentException e) {
            return Finding.warn(CHECK, url + derived + " could not be fetched.",
                    "Check that the provider serves this page to your users, or set accountManagementUrl to the right page.");
        }
    }
}
