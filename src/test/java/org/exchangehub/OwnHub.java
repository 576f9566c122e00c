package org.exchangehub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * A {@link HubTest} class whose hub must be its own, with the reason: it changes what the whole hub does (keys,
 * lockouts, departments) or compares figures of the whole hub (dashboard totals, lists) with what it did itself.
 * Classes giving the same reason share one hub; every other {@code @HubTest} class shares the standard one
 * (docs/testing.md). Spring tells contexts apart by their configuration: the reason is made part of it.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OwnHub {

    /** Why the class cannot share the standard hub; classes with the same reason share one. */
    String value();

    /** Makes {@link OwnHub#value()} part of the context's cache key (registered in META-INF/spring.factories). */
    class Factory implements ContextCustomizerFactory {

        @Override
        public ContextCustomizer createContextCustomizer(Class<?> testClass,
                List<ContextConfigurationAttributes> configAttributes) {
            OwnHub own = TestContextAnnotationUtils.findMergedAnnotation(testClass, OwnHub.class);
            return own == null ? null : new Key(own.value());
        }
    }

    /** Changes nothing in the context; only its equality matters. */
    record Key(String reason) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            // the hub is the standard one; being a separate one is the point
        }
    }
}
