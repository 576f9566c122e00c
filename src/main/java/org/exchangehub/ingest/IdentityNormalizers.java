package org.exchangehub.ingest;

import java.util.function.Function;

import org.exchangehub.protect.BlindIndexNormalizer;
import org.exchangehub.schema.PiiCategory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Blind-index normalization by the data-element validators, so that the same person matches whatever form a
 * department sent: ID numbers upper-case X and 15→18 digits, phones reduced to their 11 digits.
 */
@Configuration(proxyBeanMethods = false)
class IdentityNormalizers {

    @Bean
    BlindIndexNormalizer idNumberNormalizer() {
        return normalizer(PiiCategory.ID_NUMBER, value -> ResidentIdNumber.check(value));
    }

    @Bean
    BlindIndexNormalizer phoneNormalizer() {
        return normalizer(PiiCategory.PHONE, value -> MobilePhone.check(value));
    }

    private static BlindIndexNormalizer normalizer(PiiCategory category,
            Function<String, ElementCheck<String>> check) {
        return new BlindIndexNormalizer() {
            @Override
            public PiiCategory category() {
                return category;
            }

            @Override
            public String normalize(String value) {
                ElementCheck<String> checked = check.apply(value);
                return checked.isValid() ? checked.value() : value;
            }
        };
    }
}
