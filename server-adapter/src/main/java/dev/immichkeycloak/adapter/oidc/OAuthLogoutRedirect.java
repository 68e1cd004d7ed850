package dev.immichkeycloak.adapter.oidc;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.openid.connect.sdk.LogoutRequest;
import dev.immichkeycloak.adapter.config.OAuthConfig;
import dev.immichkeycloak.adapter.config.SystemConfigService;
import dev.immichkeycloak.adapter.session.Auth;
import dev.immichkeycloak.adapter.session.AuthType;
import dev.immichkeycloak.adapter.session.LogoutRedirect;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.text.ParseException;
import java.util.Locale;

/**
 * Where {@code POST /api/auth/logout} sends an OAuth session (immich-api.md §6.1, spec README §3.14): the configured
 * {@code endSessionEndpoint} as is when it is an http(s) URL; else the provider's end-session endpoint with {@code id_token_hint} (the session's
 * ID token), {@code post_logout_redirect_uri} ({@code <public URL>/auth/login?autoLaunch=0}) and {@code client_id};
 * else, and for password sessions or with OAuth off, the login page.
 */
public final class OAuthLogoutRedirect implements LogoutRedirect {

    private static final Logger LOG = LoggerFactory.getLogger(OAuthLogoutRedirect.class);

    private final SystemConfigService systemConfig;
    private final ProviderMetadataCache providers;
    private final String publicBaseUrl;

    public OAuthLogoutRedirect(SystemConfigService systemConfig, ProviderMetadataCache providers, String publicBaseUrl) {
        this.systemConfig = systemConfig;
        this.providers = providers;
        this.publicBaseUrl = publicBaseUrl;
    }

    @Override
    public String redirectUri(Auth ended) {
        OAuthConfig config = systemConfig.get().oauth();
        // The session's own type decides (Immich reads the immich_auth_type cookie, which API clients do not send).
        if (ended.session().authType() != AuthType.OAUTH || !config.enabled()) {
            return LOGIN_PAGE;
        }
        if (config.endSessionEndpoint() != null && !config.endSessionEndpoint().isBlank()) {
            String configured = config.endSessionEndpoint().trim();
            if (isWebUrl(configured)) {
                return configured;
            }
            // Saving refuses such a value; one from before that rule (or written to the database by hand) is never sent to a
            // browser as a redirect, where javascript: or data: would run on this origin.
            LOG.warn("Ignoring the configured endSessionEndpoint: it is not an http(s) URL");
        }
        ProviderMetadata provider;
        try {
            provider = providers.get(config);
        } catch (OAuthFailure failure) {
            // As in Immich: the session is already gone, the answer is 500 "Error in OAuth discovery: ...".
            throw failure.toApiException(OAuthOperation.LOGOUT);
        }
        if (provider.endSessionEndpoint() == null) {
            return LOGIN_PAGE;
        }
        LogoutRequest request = new LogoutRequest(provider.endSessionEndpoint(), idTokenHint(ended.session().idToken()), null,
                new ClientID(config.clientId()), URI.create(publicBaseUrl + LOGIN_PAGE), null, null);
        return request.toURI().toString();
    }

    private static boolean isWebUrl(String value) {
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static JWT idTokenHint(String idToken) {
        if (idToken == null || idToken.isEmpty()) {
            return null;
        }
        try {
            return JWTParser.parse(idToken);
        } catch (ParseException e) {
            return null;
        }
    }
}
