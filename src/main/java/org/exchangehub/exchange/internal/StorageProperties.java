package org.exchangehub.exchange.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.storage.*}: housekeeping of the hub's own database.
 *
 * @param compactEvery H2 file database only: how often {@code StorageHousekeeping} compacts the file when the hub
 *                     is quiet (default 2s); not used on other databases
 */
@ConfigurationProperties("hub.storage")
public record StorageProperties(@DefaultValue("2s") Duration compactEvery) {
}
