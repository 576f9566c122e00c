package org.exchangehub.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.exchangehub.protect.AuditSigningKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Verifies the live audit chain in the hub database with the hub's audit public key. */
@Service
public class AuditVerifier {

    private final JdbcClient jdbc;
    private final AuditSigningKey signingKey;
    private final JdbcTemplate streaming;
    private final boolean h2;

    AuditVerifier(JdbcClient jdbc, AuditSigningKey signingKey, DataSource dataSource) throws SQLException {
        this.jdbc = jdbc;
        this.signingKey = signingKey;
        this.streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(2048);
        try (Connection connection = dataSource.getConnection()) {
            h2 = "H2".equals(connection.getMetaData().getDatabaseProductName());
        }
    }

    @Transactional(readOnly = true)
    public ChainVerifier.Verdict verifyDatabase() {
        long head = jdbc.sql("SELECT seq FROM audit_head WHERE id = 1").query(Long.class).single();
        List<Checkpoint> checkpoints = jdbc.sql("SELECT * FROM audit_checkpoint ORDER BY seq").query(CHECKPOINT).list();
        // after archiving, the chain starts after the last archived range, linked to its signed last hash
        var archived = jdbc.sql("SELECT to_seq, last_hash FROM audit_archive ORDER BY to_seq DESC FETCH FIRST 1 ROWS ONLY")
                .query((rs, n) -> new Object[] { rs.getLong(1), rs.getString(2) }).optional();
        long firstSeq = archived.map(a -> (Long) a[0] + 1).orElse(1L);
        String firstPrevHash = archived.map(a -> (String) a[1]).orElse(null);
        if (archived.isPresent() && checkpoints.stream().noneMatch(c -> c.seq() == firstSeq - 1
                && c.hash().equals(firstPrevHash))) {
            return ChainVerifier.Verdict.bad(0, checkpoints.size(), firstSeq, "ARCHIVE_MISMATCH",
                    "no signed checkpoint at seq " + (firstSeq - 1) + " vouches for the archived range's last hash");
        }
        // stream the events instead of H2 first copying the whole table into a result (half the reading time for a
        // million events); PostgreSQL streams with a fetch size inside a transaction
        if (h2) {
            jdbc.sql("SET LAZY_QUERY_EXECUTION TRUE").update();
        }
        try (var events = streaming.queryForStream("SELECT * FROM audit_event ORDER BY seq", EVENT)) {
            return ChainVerifier.verify(events.iterator(), checkpoints, signingKey.publicKey(), signingKey.suite(),
                    firstSeq, firstPrevHash, head);
        } finally {
            if (h2) {
                jdbc.sql("SET LAZY_QUERY_EXECUTION FALSE").update();
            }
        }
    }

    /** Maps an {@code audit_checkpoint} row. */
    public static final RowMapper<Checkpoint> CHECKPOINT = (rs, n) -> new Checkpoint(rs.getLong("seq"),
            rs.getString("hash"), rs.getTimestamp("at").toInstant(), rs.getString("key_id"), rs.getString("signature"));

    /** Maps an {@code audit_event} row. */
    public static final RowMapper<AuditEvent> EVENT = (rs, n) -> new AuditEvent(rs.getLong("seq"),
            rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("action"), rs.getString("record_id"),
            rs.getString("subject"), (Integer) rs.getObject("schema_id"), rs.getString("source_department"),
            rs.getString("target_department"), rs.getString("subscription_id"), rs.getString("purpose"),
            rs.getString("legal_basis"), map(rs.getString("fields")), map(rs.getString("subject_indexes")),
            rs.getString("outcome"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"));

    /**
     * A stored JSON object, parsed when first used (by the verifier's hashing threads); text that is not one yields a
     * marker, so that the event fails its hash check.
     */
    static Map<String, String> map(String json) {
        return new StoredJsonMap(json);
    }
}
