package org.exchangehub.ingest.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.ingest.*}.
 *
 * @param maxPayloadBytes largest request body the push API accepts (default 10 MiB); larger ones get 413
 * @param maxBatchSize    most records in one push request (default 10000)
 */
@ConfigurationProperties("hub.ingest")
public record IngestProperties(@DefaultValue("10485760") long maxPayloadBytes, @DefaultValue("10000") int maxBatchSize) {
}
