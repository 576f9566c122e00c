package org.exchangehub.admin.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.CamelContextCustomizer;
import org.apache.camel.spi.RoutesLoader;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * Puts the {@link RouteSandbox} in front of Camel's routes loader before any route file is read. The department
 * settings it measures endpoints against are read from the environment each time, so that hosts and inboxes
 * configured for departments are the ones routes may use.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RouteSandboxProperties.class)
class RouteSandboxConfiguration {

    private static final Pattern ADAPTER_SETTING = Pattern.compile("hub\\.adapters\\.([^.]+\\.(url|inbox)|inbox-root)");

    @Bean
    CamelContextCustomizer routeSandbox(RouteSandboxProperties properties, ConfigurableEnvironment environment) {
        return camel -> camel.getCamelContextExtension().addContextPlugin(RoutesLoader.class,
                new SandboxedRoutesLoader(camel, sandbox(camel, properties, environment)));
    }

    static RouteSandbox sandbox(CamelContext camel, RouteSandboxProperties properties,
            ConfigurableEnvironment environment) {
        return new RouteSandbox(properties, new EndpointRules(properties, camel::resolvePropertyPlaceholders,
                () -> adapterSettings(environment)));
    }

    private static EndpointRules.AdapterSettings adapterSettings(ConfigurableEnvironment environment) {
        List<String> urls = new ArrayList<>();
        List<String> inboxes = new ArrayList<>();
        environment.getPropertySources().forEach(source -> {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (ADAPTER_SETTING.matcher(name).matches()) {
                        String value = environment.getProperty(name);
                        if (value != null && !value.isBlank()) {
                            (name.endsWith(".url") ? urls : inboxes).add(value);
                        }
                    }
                }
            }
        });
        return new EndpointRules.AdapterSettings(urls, inboxes);
    }
}
