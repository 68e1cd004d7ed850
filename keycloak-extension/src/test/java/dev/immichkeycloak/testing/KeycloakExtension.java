package dev.immichkeycloak.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that injects the shared {@link KeycloakServer}: started on first use, kept in the root context store, so one
 * Keycloak serves every test class of the run and stops when the run ends.
 */
public final class KeycloakExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KeycloakServer.class;
    }

    @Override
    public KeycloakServer resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        // The root store closes AutoCloseable values when the whole run ends.
        return extensionContext.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(KeycloakServer.class.getName(),
                        key -> KeycloakServer.start(FixtureSettings.fromSystemProperties()), KeycloakServer.class);
    }
}
