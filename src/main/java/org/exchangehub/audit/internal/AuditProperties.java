package org.exchangehub.audit.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.audit.*}.
 *
 * @param checkpointEvery    a signed checkpoint after this many events (default 1000)
 * @param checkpointInterval and at least this often while events arrive (default 60s): the longest time an event
 *                           waits before a signature covers it
 * @param witnessUrl         where each signed checkpoint is also POSTed (a department, the auditor's office), so
 *                           that even a rewrite of the whole database is detectable; empty for none
 * @param tsaUrl             an RFC 3161 time-stamping authority that time-stamps each signed checkpoint (HTTP POST of
 *                           {@code application/timestamp-query}); empty for none
 * @param tsaCertificate     the authority's certificate (PEM or DER); when set, tokens signed by another are refused
 * @param tsaTimeout         how long a time-stamp request may take (default 10s)
 * @param retention          how long events stay in the database before they may be archived (default 3 years,
 *                           PIPL Art. 56)
 * @param archiveDir         where archived events are written as bundles
 */
@ConfigurationProperties("hub.audit")
public record AuditProperties(
        @DefaultValue("1000") int checkpointEvery,
        @DefaultValue("60s") Duration checkpointInterval,
        @DefaultValue("") String witnessUrl,
        @DefaultValue("") String tsaUrl,
        Path tsaCertificate,
        @DefaultValue("10s") Duration tsaTimeout,
        @DefaultValue("1095d") Duration retention,
        Path archiveDir) {
}
