package org.exchangehub.audit;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.exchangehub.protect.AuditSigningKey;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Verifies the live audit chain in the hub database with the hub's audit public key. */
@Service
public class AuditVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final AuditSigningKey signingKey;

    AuditVerifier(JdbcClient jdbc, AuditSigningKey signingKey) {
        this.jdbc = jdbc;
        this.signingKey = signingKey;
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
        try (var events = jdbc.sql("SELECT * FROM audit_event ORDER BY seq").query(EVENT).stream()) {
            return ChainVerifier.verify(events.iterator(), checkpoints, signingKey.publicKey(), signingKey.suite(),
                    firstSeq, firstPrevHash, head);
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

    /** A stored JSON object; text that is not one yields a marker, so that the event fails its hash check. */
    static Map<String, String> map(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (IOException | IllegalArgumentException e) {
            return Map.of("!unreadable", String.valueOf(json));
        }
    }
}
