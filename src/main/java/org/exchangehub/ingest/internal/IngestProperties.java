package org.exchangehub.ingest.internal;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.ingest.*}.
 *
 * @param maxPayloadBytes largest request body the push API accepts (default 10 MiB); larger ones get 413
 * @param maxBatchSize    most records in one push request (default 10000)
 * @param mappingDir      declarative mappings, one {@code <id>.yaml} each (default {@code config/mappings})
 * @param codeDir         code tables, one {@code <id>.yaml} each (default {@code config/codes})
 */
@ConfigurationProperties("hub.ingest")
public record IngestProperties(
        @DefaultValue("10485760") long maxPayloadBytes,
        @DefaultValue("10000") int maxBatchSize,
        @DefaultValue("config/mappings") Path mappingDir,
        @DefaultValue("config/codes") Path codeDir) {
}
