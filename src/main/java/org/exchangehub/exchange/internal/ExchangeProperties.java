package org.exchangehub.exchange.internal;

import java.util.List;

import org.exchangehub.exchange.Department;
import org.exchangehub.exchange.Subscription;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;

/**
 * {@code hub.departments} ({@code config/departments.yaml}) and {@code hub.subscriptions}
 * ({@code config/subscriptions.yaml}). Validated at startup; a bad entry stops the hub with a message naming
 * the key.
 */
@Validated
@ConfigurationProperties("hub")
public record ExchangeProperties(@Valid List<Department> departments, @Valid List<Subscription> subscriptions) {

    public ExchangeProperties {
        departments = departments == null ? List.of() : List.copyOf(departments);
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
    }
}
