package dev.immichkeycloak.keycloak;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.models.AdminRoles;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * {@code GET /realms/{realm}/immich-claims/users/{userId}}: shows, for one user, the value and source of each Immich claim the
 * realm's mapper would emit. Needs a bearer token of the realm whose user has realm-management's {@code view-users} role.
 */
public class ClaimsExplainerResource {

    /** Authenticates the request's bearer token against the realm; null when there is no valid token. */
    @FunctionalInterface
    interface Authenticator {
        AuthResult authenticate(KeycloakSession session, RealmModel realm);
    }

    static final Authenticator BEARER_TOKEN =
            (session, realm) -> new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).authenticate();

    static final String CONFIG_HEADER = "X-Immich-Claims-Config";
    private static final int MAX_USER_ID_LENGTH = 255;
    private static final Logger LOG = Logger.getLogger(ClaimsExplainerResource.class);

    private final KeycloakSession session;
    private final Authenticator authenticator;

    public ClaimsExplainerResource(KeycloakSession session) {
        this(session, BEARER_TOKEN);
    }

    ClaimsExplainerResource(KeycloakSession session, Authenticator authenticator) {
        this.session = session;
        this.authenticator = authenticator;
    }

    @GET
    @Path("users/{userId}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response explain(@PathParam("userId") String userId) {
        RealmModel realm = session.getContext().getRealm();
        AuthResult auth = authenticate(realm);
        // getUser(), not the record accessor user(): AuthResult became a record in Keycloak 26.7, but 26.4 and 26.5 only have getUser().
        if (auth == null || auth.getUser() == null) {
            return error(Response.Status.UNAUTHORIZED, "unauthorized", "A bearer token of this realm is required.")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + quotable(realm.getName()) + "\"")
                    .build();
        }
        if (!canViewUsers(realm, auth.getUser())) {
            return error(Response.Status.FORBIDDEN, "forbidden", "The view-users role of realm-management is required.").build();
        }
        UserModel user = userId == null || userId.length() > MAX_USER_ID_LENGTH ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            return error(Response.Status.NOT_FOUND, "not_found", "No such user in this realm.").build();
        }

        Optional<MapperConfigLocator.Located> located = MapperConfigLocator.locate(realm);
        Map<String, String> settings = located.map(l -> l.mapper().getConfig()).orElse(Map.of());
        ImmichClaimsConfig config = ImmichClaimsConfig.from(settings);
        ResolvedClaims claims = new ImmichClaimsResolver(config).resolve(realm, user);
        return Response.ok(ClaimsExplanation.toJson(config, claims).toString(), MediaType.APPLICATION_JSON_TYPE)
                .header(CONFIG_HEADER, located.map(MapperConfigLocator.Located::where).orElse("defaults"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    private AuthResult authenticate(RealmModel realm) {
        try {
            return authenticator.authenticate(session, realm);
        } catch (RuntimeException e) {
            // A malformed or foreign token can surface as an exception; either way the caller is not authenticated.
            LOG.debugf("Claims explainer: bearer token rejected (%s)", e.getClass().getSimpleName());
            return null;
        }
    }

    /** Effective role check: realm-admin and other composites that include view-users count. */
    private static boolean canViewUsers(RealmModel realm, UserModel caller) {
        ClientModel realmManagement = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        RoleModel viewUsers = realmManagement == null ? null : realmManagement.getRole(AdminRoles.VIEW_USERS);
        return viewUsers != null && caller.hasRole(viewUsers);
    }

    private static String quotable(String text) {
        return text == null ? "" : text.replaceAll("[\"\\\\\\p{Cntrl}]", "");
    }

    private static Response.ResponseBuilder error(Response.Status status, String code, String description) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error", code);
        body.put("error_description", description);
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body.toString())
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
