package org.exchangehub.audit;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.exchangehub.audit.internal.CheckpointAnchors;
import org.exchangehub.protect.AuditSigningKey;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Verifies the live audit chains in the hub database, every node's, with the hub's audit public key
 * ({@link DatabaseChain}).
 */
@Service
public class AuditVerifier {

    private final AuditSigningKey signingKey;
    private final X509Certificate trustedAuthority;
    private final Clock clock;
    private final JdbcTemplate streaming;
    private final boolean h2;

    AuditVerifier(AuditSigningKey signingKey, DataSource dataSource, CheckpointAnchors anchors, Clock clock)
            throws SQLException {
        this.signingKey = signingKey;
        this.trustedAuthority = anchors.trustedAuthority();
        this.clock = clock;
        this.streaming = new JdbcTemplate(dataSource);
        streaming.setFetchSize(2048);
        try (Connection connection = dataSource.getConnection()) {
            h2 = "H2".equals(connection.getMetaData().getDatabaseProductName());
        }
    }

    /** Verifies every node's chain, its checkpoints and their time-stamp tokens. */
    @Transactional(readOnly = true)
    public ChainVerifier.Verdict verifyDatabase() {
        return verifyDatabase(List.of());
    }

    /**
     * Verifies the chain as above and against an external record: the checkpoints a witness received (each signed by
     * the audit key), none of which may be missing from the database, sign another hash, or lie past its head.
     */
    @Transactional(readOnly = true)
    public ChainVerifier.Verdict verifyDatabase(List<Checkpoint> record) {
        return DatabaseChain.verify(streaming, h2, signingKey.publicKey(), signingKey.suite(), record,
                trustedAuthority, clock.instant());
    }

    /** Checkpoints with their time-stamp tokens, for {@link #ANCHORED_CHECKPOINT}; add a WHERE and an ORDER BY. */
    public static final String CHECKPOINTS_WITH_TOKENS = "SELECT c.node_id, c.seq, c.hash, c.at, c.key_id,"
            + " c.signature, t.token AS timestamp_token FROM audit_checkpoint c LEFT JOIN audit_timestamp t"
            + " ON t.node_id = c.node_id AND t.seq = c.seq";

    /** Maps a row of {@link #CHECKPOINTS_WITH_TOKENS}. */
    public static final RowMapper<Checkpoint> ANCHORED_CHECKPOINT = (rs, n) -> new Checkpoint(rs.getLong("seq"),
            rs.getString("hash"), rs.getTimestamp("at").toInstant(), rs.getString("key_id"), rs.getString("signature"),
            rs.getString("timestamp_token"), rs.getString("node_id"));

    /** Maps an {@code audit_checkpoint} row. */
    public static final RowMapper<Checkpoint> CHECKPOINT = (rs, n) -> new Checkpoint(rs.getLong("seq"),
            rs.getString("hash"), rs.getTimestamp("at").toInstant(), rs.getString("key_id"), rs.getString("signature"),
            null, rs.getString("node_id"));

    /** Maps an {@code audit_event} row. */
    public static final RowMapper<AuditEvent> EVENT = (rs, n) -> new AuditEvent(rs.getLong("seq"),
            rs.getTimestamp("at").toInstant(), rs.getString("actor"), rs.getString("action"), rs.getString("record_id"),
            rs.getString("subject"), (Integer) rs.getObject("schema_id"), rs.getString("source_department"),
            rs.getString("target_department"), rs.getString("subscription_id"), rs.getString("purpose"),
            rs.getString("legal_basis"), map(rs.getString("fields")), map(rs.getString("subject_indexes")),
            rs.getString("outcome"), rs.getString("detail"), rs.getString("prev_hash"), rs.getString("hash"),
            records(rs.getString("records")), rs.getString("node_id"));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, Object>>> RECORDS =
            new TypeReference<>() {
            };

    /**
     * The records column of a batch event; null for other events. Text that is not a JSON array of objects reads as
     * {@code [{"!unreadable": <text>}]}, so that the event fails its hash check.
     */
    static List<Map<String, Object>> records(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, RECORDS);
        } catch (IOException | IllegalArgumentException e) {
            return List.of(Map.of("!unreadable", json));
        }
    }

    /**
     * A stored JSON object, parsed when first used (by the verifier's hashing threads); text that is not one yields a
     * marker, so that the event fails its hash check.
     */
    static Map<String, String> map(String json) {
        return new StoredJsonMap(json);
    }
}
