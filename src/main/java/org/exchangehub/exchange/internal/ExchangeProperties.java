package org.exchangehub.exchange.internal;

import java.nio.file.Path;
import java.util.List;

import org.exchangehub.exchange.Department;
import org.exchangehub.exchange.Subscription;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;

/**
 * {@code hub.data-dir}, {@code hub.departments} ({@code config/departments.yaml}) and {@code hub.subscriptions}
 * ({@code config/subscriptions.yaml}). Validated at startup; a bad entry stops the hub with a message naming
 * the key.
 *
 * @param dataDir       the hub's runtime state: H2 database files, keystore, inboxes, route history, audit archive
 *                      (default {@code data}, git-ignored); other keys' defaults are below it
 * @param departments   the departments to seed at startup: {@code code}, {@code name-zh}, {@code name-en},
 *                      {@code division-code}, {@code sealing-public-key} (admins change them at runtime)
 * @param subscriptions the subscriptions to seed at startup: {@code id}, {@code subscriber}, {@code record-type},
 *                      {@code purpose}, {@code legal-basis}, {@code views}, {@code channel}, {@code filter}
 */
@Validated
@ConfigurationProperties("hub")
public record ExchangeProperties(@DefaultValue("data") Path dataDir, @Valid List<Department> departments,
        @Valid List<Subscription> subscriptions) {

    public ExchangeProperties {
        departments = departments == null ? List.of() : List.copyOf(departments);
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
    }
}
