package dev.immichkeycloak.adapter.web;

import dev.immichkeycloak.adapter.support.Browser;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a page test class its one {@link Browser}: started when the class asks for it (a constructor parameter), reset before each
 * test, and closed by the class context's store when the class is done.
 */
final class BrowserExtension implements ParameterResolver, BeforeEachCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(BrowserExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Browser resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return classStore(context).getOrComputeIfAbsent(Browser.class, key -> Browser.start(), Browser.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Browser browser = classStore(context).get(Browser.class, Browser.class);
        if (browser != null) {
            browser.reset();
        }
    }

    /** The store of the test class, not of one test: one Chromium serves every test of the class. */
    private static ExtensionContext.Store classStore(ExtensionContext context) {
        ExtensionContext classContext = context.getTestMethod().isPresent() ? context.getParent().orElseThrow() : context;
        return classContext.getStore(NAMESPACE);
    }
}
