package org.exchangehub.audit.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.audit.*}.
 *
 * @param checkpointEvery a signed checkpoint after this many events (default 1000)
 */
@ConfigurationProperties("hub.audit")
public record AuditProperties(@DefaultValue("1000") int checkpointEvery) {
}
