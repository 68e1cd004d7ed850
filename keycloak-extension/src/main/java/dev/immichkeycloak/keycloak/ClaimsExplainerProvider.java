package dev.immichkeycloak.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;

/** Serves the claims explainer resource under {@code /realms/{realm}/immich-claims}. */
public class ClaimsExplainerProvider implements RealmResourceProvider {

    private final KeycloakSession session;

    public ClaimsExplainerProvider(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public Object getResource() {
        return new ClaimsExplainerResource(session);
    }

    @Override
    public void close() {
    }
}
