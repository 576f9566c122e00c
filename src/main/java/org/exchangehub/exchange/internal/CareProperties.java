package org.exchangehub.exchange.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.care.*}: watching over elderly residents who live alone (一网统防).
 *
 * @param enabled       whether the watch runs (default true)
 * @param inactivity    how long without any record about the resident before a visit is ordered (default 7d)
 * @param checkEvery    how often residents are checked (default 1h)
 * @param minimumAge    age from which a resident living alone is watched (default 70)
 * @param department    department the visit work order is assigned to (default grid)
 */
@ConfigurationProperties("hub.care")
public record CareProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("7d") Duration inactivity,
        @DefaultValue("1h") Duration checkEvery,
        @DefaultValue("70") int minimumAge,
        @DefaultValue("grid") String department) {
}
