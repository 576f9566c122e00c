package org.exchangehub.console.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.metrics.*}: the operators' gauges at {@code /actuator/prometheus} ({@code docs/operations/}).
 *
 * @param refresh how often the gauges (backlog, lag, quarantine, audit chain, keys, adapters) are read from the
 *                database into one snapshot, instead of at every scrape (default 30s)
 */
@ConfigurationProperties("hub.metrics")
public record MetricsProperties(@DefaultValue("30s") Duration refresh) {
}
