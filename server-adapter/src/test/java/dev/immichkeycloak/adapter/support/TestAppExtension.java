package dev.immichkeycloak.adapter.support;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives each test its own {@link TestApp} on a fresh data folder (a constructor parameter); the app is closed and the folder
 * deleted when the test ends.
 */
public final class TestAppExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestAppExtension.class);

    /** Constructor parameters are resolved in the test's own context, so each test gets its own app. */
    @Override
    public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
        return ExtensionContextScope.TEST_METHOD;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestApp.class;
    }

    @Override
    public TestApp resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return (TestApp) context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(TestApp.class, key -> DataFolder.start("adapter-test-", TestApp::start), DataFolder.class).app();
    }
}
