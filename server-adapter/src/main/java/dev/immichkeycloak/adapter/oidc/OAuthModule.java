package dev.immichkeycloak.adapter.oidc;

import dev.immichkeycloak.adapter.AdapterExtensions;
import dev.immichkeycloak.adapter.AdapterServices;
import dev.immichkeycloak.adapter.api.OAuthController;
import dev.immichkeycloak.adapter.user.QuotaRule;
import dev.immichkeycloak.adapter.user.RoleRule;
import dev.immichkeycloak.adapter.user.StorageLabelRule;
import dev.immichkeycloak.adapter.user.UserProvisioner;

import java.util.List;

/** Wires the OAuth part from the core services: the OAuth routes and the OAuth-aware logout redirect. */
public final class OAuthModule {

    /** Cap on stored pending logins (spec CVE-2021-22119 lesson); each lives 10 minutes, the oldest go first. */
    private static final int MAX_PENDING_LOGINS = 10_000;
    /** Cap on one client's pending logins (a household or office behind one address); its oldest go first. */
    private static final int MAX_PENDING_LOGINS_PER_CLIENT = 50;

    private OAuthModule() {
    }

    public static AdapterExtensions extensions(AdapterServices services) {
        ProviderMetadataCache providers = new ProviderMetadataCache(services.clock(), ProviderMetadataCache.Settings.defaults());
        PendingLoginRepository pendingLogins = new PendingLoginRepository(services.dataSource(), services.clock(), MAX_PENDING_LOGINS,
                MAX_PENDING_LOGINS_PER_CLIENT);
        RedirectUriPolicy redirectUris = new RedirectUriPolicy(services.settings().allowedOrigins());
        AuthorizationRequestFactory authorizations = new AuthorizationRequestFactory(providers, pendingLogins, redirectUris, services.clock());
        OidcCallbackProcessor callbacks = new OidcCallbackProcessor(providers, pendingLogins, redirectUris, new OidcClient(),
                new IdTokenVerifier(services.clock(), IdTokenVerifier.Settings.defaults()));
        LogoutTokenVerifier logoutTokens = new LogoutTokenVerifier(new UsedLogoutTokenRepository(services.dataSource(), services.clock()),
                services.clock());
        UserProvisioner provisioner = new UserProvisioner(services.users(), new StorageLabelRule(), new QuotaRule(), new RoleRule());
        OAuthController controller = new OAuthController(services.systemConfig(), providers, authorizations, callbacks, logoutTokens,
                provisioner, services.users(), services.sessions(), new SessionOAuthRepository(services.dataSource()),
                services.authenticator(), services.authCookies(), services.clientRequest(), services.mapper());
        OAuthLogoutRedirect logoutRedirect = new OAuthLogoutRedirect(services.systemConfig(), providers, services.settings().publicBaseUrl());
        return new AdapterExtensions(logoutRedirect, List.of(controller));
    }
}
