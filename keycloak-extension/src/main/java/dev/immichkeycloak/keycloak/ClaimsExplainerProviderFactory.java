package dev.immichkeycloak.keycloak;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Registers the claims explainer as the realm resource {@code immich-claims}. */
public class ClaimsExplainerProviderFactory implements RealmResourceProviderFactory {

    public static final String PROVIDER_ID = "immich-claims";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new ClaimsExplainerProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
