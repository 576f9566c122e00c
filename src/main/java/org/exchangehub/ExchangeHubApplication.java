package org.exchangehub;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Exchange Hub: receives department records, normalizes them to the canonical schemas of its registry and
 * re-publishes them to the departments entitled to them. Started from the repository root it reads
 * {@code config/application.yaml} (Spring Boot's default {@code ./config/} location) and the Camel routes in
 * {@code routes/*.camel.yaml}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ExchangeHubApplication {

    public static void main(String[] args) {
        SpringApplication.run(ExchangeHubApplication.class, args);
    }

    /** The hub's clock; tests replace it to move through key periods. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
