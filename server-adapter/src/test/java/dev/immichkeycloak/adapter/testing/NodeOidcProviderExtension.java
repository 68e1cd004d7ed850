package dev.immichkeycloak.adapter.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the run's one {@link NodeOidcProvider}: started on first use, kept in the root context store, so one node process
 * serves every test class of the JVM and is stopped when the run ends (and by a shutdown hook if the JVM ends otherwise).
 */
public final class NodeOidcProviderExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NodeOidcProviderExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NodeOidcProvider.class;
    }

    @Override
    public NodeOidcProvider resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store closes AutoCloseable values when the whole run ends.
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(NodeOidcProvider.class, key -> NodeOidcProvider.start(), NodeOidcProvider.class);
    }
}
