package dev.immichkeycloak.adapter;

import dev.immichkeycloak.adapter.api.ApiRoutes;
import dev.immichkeycloak.adapter.session.LogoutRedirect;
import java.util.List;

/** What a feature module (the OAuth part) plugs into the app: more route groups, and the logout redirect. */
public record AdapterExtensions(LogoutRedirect logoutRedirect, List<ApiRoutes> routes) {

    public AdapterExtensions {
        routes = List.copyOf(routes);
    }

    /** Password login only. */
    public static AdapterExtensions none() {
        return new AdapterExtensions(LogoutRedirect.loginPage(), List.of());
    }
}
