package org.exchangehub.exchange.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code hub.storage.*}: housekeeping of the hub's own database.
 *
 * @param compactEvery H2 file database only: how often {@code StorageHousekeeping} compacts the file when the hub
 *                     is quiet (default 2s); not used on other databases
 * @param h2Cache      H2 file database only: the size of H2's page cache (default 4MB, at least 1MB; H2's own default
 *                     is 16MB); every page a commit writes passes through it, so a larger cache keeps more pages alive
 *                     long enough for the garbage collector to copy them, which lengthens its pauses
 */
@ConfigurationProperties("hub.storage")
public record StorageProperties(@DefaultValue("2s") Duration compactEvery, @DefaultValue("4MB") DataSize h2Cache) {

    public StorageProperties {
        if (h2Cache == null || h2Cache.toMegabytes() < 1) {
            throw new IllegalArgumentException("hub.storage.h2-cache: a size of at least 1MB, e.g. 4MB");
        }
    }
}
