package io.roistream.testkit;

import io.roistream.stack.StackEndpoints;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstanceFactoryContext;
import org.junit.jupiter.api.extension.TestInstancePreConstructCallback;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs the stack of a {@link WithEmbeddedStack} test class: starts it before the class's first test
 * instance or {@code @BeforeAll} method, hands it to parameters of type {@link StackEndpoints} and
 * {@link RunningStack}, and tears it down when the class is done (it lives in the class's
 * extension store). {@code @Nested} classes share the stack of the annotated class around them.
 *
 * <p>{@code -Droistream.stack=embedded} (the default) runs the embedded stack;
 * {@code -Droistream.stack=testcontainers} runs it on Docker.
 */
public final class EmbeddedStackExtension
        implements BeforeAllCallback, TestInstancePreConstructCallback, ParameterResolver {

    /** System property choosing where the stack runs: {@code embedded} or {@code testcontainers}. */
    public static final String MODE_PROPERTY = "roistream.stack";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(EmbeddedStackExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        stack(context);
    }

    @Override
    public void preConstructTestInstance(TestInstanceFactoryContext factoryContext, ExtensionContext context) {
        stack(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == StackEndpoints.class || type == RunningStack.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        RunningStack stack = stack(extensionContext);
        return parameterContext.getParameter().getType() == RunningStack.class ? stack : stack.endpoints();
    }

    private static RunningStack stack(ExtensionContext context) {
        ExtensionContext owner = owner(context);
        StackRequest request = StackRequest.of(annotation(owner.getRequiredTestClass()).orElseThrow());
        return owner.getStore(NAMESPACE).getOrComputeIfAbsent(RunningStack.class, key -> start(request), RunningStack.class);
    }

    /** The nearest class-level context whose class carries the annotation: the class the stack belongs to. */
    private static ExtensionContext owner(ExtensionContext context) {
        for (Optional<ExtensionContext> current = Optional.of(context); current.isPresent();
                current = current.get().getParent()) {
            ExtensionContext candidate = current.get();
            if (candidate.getTestMethod().isEmpty() && candidate.getTestClass().map(c -> annotation(c).isPresent()).orElse(false)) {
                return candidate;
            }
        }
        throw new ExtensionConfigurationException("No class around " + context.getDisplayName()
                + " is annotated with @" + WithEmbeddedStack.class.getSimpleName());
    }

    private static Optional<WithEmbeddedStack> annotation(Class<?> testClass) {
        return AnnotationSupport.findAnnotation(testClass, WithEmbeddedStack.class);
    }

    private static RunningStack start(StackRequest request) {
        QuietLogging.apply();
        String mode = System.getProperty(MODE_PROPERTY, "embedded");
        switch (mode) {
            case "embedded":
                try {
                    return EmbeddedStack.start(request);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException("The embedded stack did not start: " + e.getMessage(), e);
                }
            case "testcontainers":
                return ContainerStack.start(request);
            default:
                throw new ExtensionConfigurationException(
                        "Unknown -D" + MODE_PROPERTY + "=" + mode + ": use embedded or testcontainers");
        }
    }
}
