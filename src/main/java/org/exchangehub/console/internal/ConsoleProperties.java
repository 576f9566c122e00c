package org.exchangehub.console.internal;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.console.*}.
 *
 * @param timeZone the zone pages show times in (default Asia/Shanghai)
 * @param refresh  how often the dashboard refreshes itself (default 10s)
 */
@ConfigurationProperties("hub.console")
record ConsoleProperties(@DefaultValue("Asia/Shanghai") ZoneId timeZone, @DefaultValue("10s") Duration refresh) {
}
