package org.exchangehub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.exchangehub.HubTest;
import org.exchangehub.OwnHub;
import org.exchangehub.protect.AuditSigningKey;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** An untouched chain of 100,000 events with 100 checkpoints verifies; one edit in the middle is found. */
@HubTest
@OwnHub("it replaces the hub's whole audit chain with one of its own")
class LargeChainTests {

    static final int EVENTS = 100_000;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    AuditSigningKey signingKey;

    @Autowired
    AuditVerifier verifier;

    @Test
    void hundredThousandEventsVerifyAndOneEditIsFound() {
        jdbc.update("DELETE FROM audit_checkpoint");
        jdbc.update("DELETE FROM audit_subject_index");
        jdbc.update("DELETE FROM audit_event");
        String previous = "0".repeat(64);
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<Object[]> rows = new ArrayList<>();
        for (long seq = 1; seq <= EVENTS; seq++) {
            Instant at = start.plusMillis(seq * 37);
            Map<String, String> fields = Map.of("deceasedName", "CLEAR", "causeDirect", "MASKED");
            AuditEvent event = new AuditEvent(seq, at, "hub", "DELIVERED", "00000000-0000-4000-8000-%012d".formatted(seq),
                    "death-certificate-value", 3, "health", "civil-affairs", "death-to-civil-affairs", "停发低保",
                    "《社会救助暂行办法》第十三条", fields, Map.of(), "OK", null, previous, null);
            String hash = ChainFormat.chainHash(signingKey.suite(), previous, event.canonicalJson());
            rows.add(new Object[] { seq, Timestamp.from(at), event.recordId(), CanonicalJson.write(fields), previous, hash });
            if (seq % 1000 == 0) {
                jdbc.update("INSERT INTO audit_checkpoint (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)", seq,
                        hash, Timestamp.from(at), signingKey.keyId(), Base64.getEncoder().encodeToString(
                                signingKey.sign(ChainFormat.checkpointMessage(seq, hash, at))));
            }
            if (rows.size() == 5000) {
                insert(rows);
            }
            previous = hash;
        }
        insert(rows);
        jdbc.update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", EVENTS, previous);

        long started = System.nanoTime();
        ChainVerifier.Verdict verdict = verifier.verifyDatabase();
        System.out.printf("verified %d events and %d checkpoints in %d ms%n", verdict.events(), verdict.checkpoints(),
                (System.nanoTime() - started) / 1_000_000);

        assertThat(verdict.ok()).as(verdict.detail()).isTrue();
        assertThat(verdict.events()).isEqualTo(EVENTS);
        assertThat(verdict.checkpoints()).isEqualTo(100);

        jdbc.update("UPDATE audit_event SET purpose = '核查' WHERE seq = 54321");
        assertThat(verifier.verifyDatabase().firstBadSeq()).isEqualTo(54321);
    }

    private void insert(List<Object[]> rows) {
        jdbc.batchUpdate("""
                INSERT INTO audit_event (seq, at, actor, action, record_id, subject, schema_id, source_department,
                    target_department, subscription_id, purpose, legal_basis, fields, subject_indexes, outcome, detail,
                    prev_hash, hash) VALUES (?, ?, 'hub', 'DELIVERED', ?, 'death-certificate-value', 3, 'health',
                    'civil-affairs', 'death-to-civil-affairs', '停发低保', '《社会救助暂行办法》第十三条', ?, '{}', 'OK', NULL,
                    ?, ?)""", rows);
        rows.clear();
    }
}
