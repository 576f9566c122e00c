package org.exchangehub.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.exchangehub.audit.internal.AuditProperties;
import org.exchangehub.protect.AuditSigningKey;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retention of the audit log ({@code hub.audit.retention}, 3 years by default, PIPL Art. 56): events older than
 * that, up to the last signed checkpoint before the cut-off, are written to a bundle in {@code hub.audit.archive-dir},
 * the bundle is verified, and only then are those events removed from the database, chain by chain (each node's) — the only removal of audit
 * events there is. The checkpoints stay, and {@code audit_archive} records where the remaining chain starts, so the
 * database keeps verifying. Nothing is ever deleted without a verified archive.
 */
@Service
public class AuditRetention {

    /** An archived range of a node's chain. */
    public record Archived(String node, long fromSeq, long toSeq, Path bundle) {
    }

    private final JdbcClient jdbc;
    private final AuditExport export;
    private final AuditLog log;
    private final AuditSigningKey signingKey;
    private final AuditProperties properties;
    private final Clock clock;

    AuditRetention(JdbcClient jdbc, AuditExport export, AuditLog log, AuditSigningKey signingKey,
            AuditProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.export = export;
        this.log = log;
        this.signingKey = signingKey;
        this.properties = properties;
        this.clock = clock;
    }

    /** Archives what is past retention in every node's chain; empty when nothing is. */
    @Transactional
    public List<Archived> archive() throws IOException {
        List<Archived> archived = new ArrayList<>();
        for (String node : export.chains().keySet()) {
            archive(node).ifPresent(archived::add);
        }
        return archived;
    }

    private Optional<Archived> archive(String node) throws IOException {
        Instant cutoff = clock.instant().minus(properties.retention());
        long from = jdbc.sql("SELECT COALESCE(MIN(seq), 0) FROM audit_event WHERE node_id = ?").param(node)
                .query(Long.class).single();
        Optional<Long> to = jdbc.sql("SELECT MAX(seq) FROM audit_checkpoint WHERE node_id = ? AND at < ? AND seq >= ?")
                .params(node, Timestamp.from(cutoff), from).query(Long.class).optional()
                .filter(seq -> seq != null && seq > 0);
        if (from == 0 || to.isEmpty() || to.get() < from) {
            return Optional.empty();
        }
        Path directory = properties.archiveDir();
        Files.createDirectories(directory);
        Path bundle = directory.resolve("audit-%s-%012d-%012d.zip".formatted(node, from, to.get()));
        try (OutputStream out = Files.newOutputStream(bundle)) {
            export.write(node, from, to.get(), out);
        }
        ChainVerifier.Verdict verdict = BundleVerifier.verify(bundle, signingKey.publicKey());
        if (!verdict.ok()) {
            throw new IllegalStateException("archive " + bundle + " does not verify (" + verdict.problem()
                    + "); nothing was removed");
        }
        String lastHash = jdbc.sql("SELECT hash FROM audit_event WHERE node_id = ? AND seq = ?")
                .params(node, to.get()).query(String.class).single();
        jdbc.sql("INSERT INTO audit_archive (node_id, from_seq, to_seq, last_hash, bundle, bundle_hash, archived_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)").params(node, from, to.get(), lastHash, bundle.toString(),
                        HexFormat.of().formatHex(signingKey.suite().digest(Files.readAllBytes(bundle))),
                        Timestamp.from(clock.instant())).update();
        for (String table : List.of("audit_subject_index", "audit_record_index", "audit_event")) {
            jdbc.sql("DELETE FROM " + table + " WHERE node_id = ? AND seq <= ?").params(node, to.get()).update();
        }
        log.append(AuditEntry.of("hub", AuditAction.AUDIT_EXPORTED, "OK", "archived chain " + node + " seq " + from
                + " to " + to.get() + " past retention to " + bundle.getFileName()));
        return Optional.of(new Archived(node, from, to.get(), bundle));
    }
}
