package org.exchangehub.audit.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.audit.*}.
 *
 * @param checkpointEvery    a signed checkpoint after this many events (default 1000)
 * @param checkpointInterval and at least this often while events arrive (default 60s)
 * @param witnessUrl         where each signed checkpoint is also POSTed (a department, the auditor's office), so
 *                           that even a rewrite of the whole database is detectable; empty for none
 * @param retention          how long events stay in the database before they may be archived (default 3 years,
 *                           PIPL Art. 56)
 * @param archiveDir         where archived events are written as bundles
 */
@ConfigurationProperties("hub.audit")
public record AuditProperties(
        @DefaultValue("1000") int checkpointEvery,
        @DefaultValue("60s") java.time.Duration checkpointInterval,
        @DefaultValue("") String witnessUrl,
        @DefaultValue("1095d") java.time.Duration retention,
        java.nio.file.Path archiveDir) {
}
