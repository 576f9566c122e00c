package org.exchangehub.verification.internal;

import java.time.Clock;

import org.exchangehub.verification.Verifications;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The verification module's settings and its question limits. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VerificationProperties.class)
class VerificationConfiguration {

    @Bean
    QuestionLimits questionLimits(VerificationProperties properties, Clock clock) {
        return new QuestionLimits(properties, clock, Verifications.ZONE);
    }
}
