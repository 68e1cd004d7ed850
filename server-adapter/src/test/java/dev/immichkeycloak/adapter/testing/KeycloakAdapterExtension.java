package dev.immichkeycloak.adapter.testing;

import dev.immichkeycloak.adapter.support.DataFolder;
import dev.immichkeycloak.testing.KeycloakExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test the run's shared {@link KeycloakServer} (from {@link KeycloakExtension}, with cheap password hashing) and its own
 * {@link KeycloakAdapterApp} in front of it on a fresh data folder; the app is closed and the folder deleted when the test ends.
 * Ask for both as constructor parameters.
 */
public final class KeycloakAdapterExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakAdapterExtension.class);

    private final KeycloakExtension keycloakExtension = new KeycloakExtension();

    /** Constructor parameters are resolved in the test's own context, so each test gets its own app. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == KeycloakAdapterApp.class || keycloakExtension.supportsParameter(parameter, context);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The fixture hands out the run's one Keycloak whichever parameter asks for it.
        KeycloakServer keycloak = keycloakExtension.resolveParameter(parameter, context);
        if (parameter.getParameter().getType() == KeycloakServer.class) {
            return keycloak;
        }
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(KeycloakAdapterApp.class, key -> {
            keycloak.admin().useCheapPasswordHashing();
            return DataFolder.start("adapter-e2e-", dataDir -> KeycloakAdapterApp.start(dataDir, keycloak));
        }, DataFolder.class).app();
    }
}
