package org.exchangehub.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.exchangehub.protect.AuditSigningKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Writes an {@link AuditBundle} for a seq range. The range is first closed with a signed checkpoint at the head,
 * so a bundle of the whole log always ends on a signature; the export itself is audited ({@code AUDIT_EXPORTED}).
 */
@Service
public class AuditExport {

    private final JdbcClient jdbc;
    private final AuditLog log;
    private final AuditSigningKey signingKey;
    private final Clock clock;

    AuditExport(JdbcClient jdbc, AuditLog log, AuditSigningKey signingKey, Clock clock) {
        this.jdbc = jdbc;
        this.log = log;
        this.signingKey = signingKey;
        this.clock = clock;
    }

    /**
     * Writes the events from {@code fromSeq} up to {@code toSeq} (0 for the head) as a zip bundle.
     *
     * @return the manifest written
     */
    public AuditBundle.Manifest export(long fromSeq, long toSeq, String actor, OutputStream out) throws IOException {
        long head = log.checkpoint();
        long to = toSeq <= 0 || toSeq > head ? head : toSeq;
        long from = Math.max(1, fromSeq);
        AuditBundle.Manifest manifest = write(from, to, out);
        log.append(AuditEntry.of(actor, "AUDIT_EXPORTED", "OK", "seq " + from + " to " + to + ", "
                + manifest.events() + " events, " + manifest.checkpoints() + " checkpoints"));
        return manifest;
    }

    /** Writes the bundle of a seq range as it is, without closing it with a checkpoint or auditing the export. */
    AuditBundle.Manifest write(long from, long to, OutputStream out) throws IOException {
        List<AuditEvent> events = jdbc.sql("SELECT * FROM audit_event WHERE seq >= ? AND seq <= ? ORDER BY seq")
                .params(from, to).query(AuditVerifier.EVENT).list();
        List<Checkpoint> checkpoints = jdbc.sql("SELECT * FROM audit_checkpoint WHERE seq >= ? AND seq <= ? ORDER BY seq")
                .params(from, to).query(AuditVerifier.CHECKPOINT).list();
        StringBuilder eventLines = new StringBuilder();
        events.forEach(event -> eventLines.append(AuditBundle.eventLine(event)).append('\n'));
        StringBuilder checkpointLines = new StringBuilder();
        checkpoints.forEach(checkpoint -> checkpointLines.append(AuditBundle.checkpointLine(checkpoint)).append('\n'));
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(AuditBundle.EVENTS, eventLines.toString().getBytes(UTF_8));
        files.put(AuditBundle.CHECKPOINTS, checkpointLines.toString().getBytes(UTF_8));
        files.put(AuditBundle.PUBLIC_KEY, signingKey.publicKeyPem().getBytes(UTF_8));
        Map<String, String> hashes = new LinkedHashMap<>();
        files.forEach((name, bytes) -> hashes.put(name, HexFormat.of().formatHex(signingKey.suite().digest(bytes))));
        AuditBundle.Manifest manifest = new AuditBundle.Manifest(AuditBundle.FORMAT, signingKey.suite().name(), from, to,
                events.size(), checkpoints.size(), events.isEmpty() ? ChainFormat.GENESIS : events.get(0).prevHash(),
                AuditEvent.TIME.format(clock.instant()), hashes);
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(AuditBundle.MANIFEST));
            zip.write(AuditBundle.manifestJson(manifest).getBytes(UTF_8));
            zip.closeEntry();
        }
        return manifest;
    }
}
