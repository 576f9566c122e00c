package org.exchangehub.catalog.internal;

import org.exchangehub.catalog.WorkingDays;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The working-day calendar from {@code hub.catalog.*}; a day listed both ways stops startup naming the keys. */
@Configuration
@EnableConfigurationProperties(CatalogProperties.class)
class CatalogConfiguration {

    @Bean
    WorkingDays workingDays(CatalogProperties properties) {
        return new WorkingDays(properties.holidays(), properties.makeUpWorkingDays());
    }
}
