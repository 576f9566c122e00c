package org.exchangehub.admin.security;

import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.ManagedList;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;

/**
 * The security rules' paths are matched as path patterns ({@code PathPatternRequestMatcher}, the syntax Spring MVC's
 * own mappings use), not by asking Spring MVC which handler a request goes to. Spring Security's default for an MVC
 * application ({@code MvcRequestMatcher}) needs the handler of every request looked up in advance, so it puts a
 * filter before its chain ({@code HandlerMappingIntrospector}'s cache filter) that matches each request against all
 * of the hub's ~200 mappings once more before the dispatcher does it again: a sixth of the request threads' CPU at
 * 500 verification questions a second, a third for query service calls. With path patterns nothing needs that
 * lookup, and this takes the filter out again: the {@code springSecurityFilterChain} bean is unwrapped from the
 * composite that Spring Security's MVC configuration registers, back to its chain ({@link FilterChainProxy}, behind
 * the filter that parses the request path once for the patterns and the dispatcher).
 * {@code AuthorizationMatrixTests} fails when an upgrade of Spring Security changes either.
 */
@Configuration(proxyBeanMethods = false)
class PathPatternMatching {

    static final String COMPOSITE = "org.springframework.security.config.annotation.web.configuration"
            + ".WebMvcSecurityConfiguration$CompositeFilterChainProxy";

    /** The rules' string paths become path patterns. */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean pathPatternRequestMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /** Puts Spring Security's own filter chain back where the composite with the cache filter was registered. */
    @Bean
    static BeanDefinitionRegistryPostProcessor withoutHandlerLookupFilter() {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                // the composite is registered in this phase too; it is unwrapped below, once all have run
            }

            @Override
            public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
                String name = AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME;
                if (!(beanFactory instanceof BeanDefinitionRegistry registry) || !registry.containsBeanDefinition(name)
                        || !COMPOSITE.equals(registry.getBeanDefinition(name).getBeanClassName())) {
                    return;
                }
                Object filters = registry.getBeanDefinition(name).getConstructorArgumentValues()
                        .getIndexedArgumentValues().values().stream().findFirst()
                        .map(argument -> argument.getValue()).orElse(null);
                if (filters instanceof ManagedList<?> list && list.size() == 2
                        && list.get(1) instanceof BeanDefinition chain) {
                    registry.removeBeanDefinition(name);
                    registry.registerBeanDefinition(name, chain);
                }
            }
        };
    }
}
