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

import java.net.URI;
import java.text.ParseException;

/**
 * Where {@code POST /api/auth/logout} sends an OAuth session (immich-api.md §6.1, spec README §3.14): the configured
 * {@code endSessionEndpoint} as is; else the provider's end-session endpoint with {@code id_token_hint} (the session's
 * ID token), {@code post_logout_redirect_uri} ({@code <public URL>/auth/login?autoLaunch=0}) and {@code client_id};
 * else, and for password sessions or with OAuth off, the login page.
 */
public final class OAuthLogoutRedirect implements LogoutRedirect {

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
            return config.endSessionEndpoint().trim();
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
