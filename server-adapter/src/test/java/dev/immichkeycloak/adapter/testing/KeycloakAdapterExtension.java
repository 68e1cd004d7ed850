package dev.immichkeycloak.adapter.testing;

import dev.immichkeycloak.adapter.support.DataFolder;
import dev.immichkeycloak.testing.KeycloakExtension;
import dev.immichkeycloak.testing.KeycloakServer;
import java.nio.file.Path;
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
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(RunningApp.class, key -> RunningApp.start(keycloak), RunningApp.class).app();
    }

    /** One test's app and its data folder; the test context's store closes it when the test ends. */
    private record RunningApp(KeycloakAdapterApp app, Path dataDir) implements AutoCloseable {

        static RunningApp start(KeycloakServer keycloak) {
            keycloak.admin().useCheapPasswordHashing();
            Path dataDir = DataFolder.create("adapter-e2e-");
            try {
                return new RunningApp(KeycloakAdapterApp.start(dataDir, keycloak), dataDir);
            } catch (RuntimeException | AssertionError e) {
                DataFolder.delete(dataDir);
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                app.close();
            } finally {
                DataFolder.delete(dataDir);
            }
        }
    }
}
