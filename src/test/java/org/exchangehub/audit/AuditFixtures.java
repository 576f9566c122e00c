package org.exchangehub.audit;

import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;

/** An audit log emptied and refilled with a known chain, for tamper tests. */
final class AuditFixtures {

    private AuditFixtures() {
    }

    /**
     * Empties the audit tables (as only a test may), leaving the log's own chain alone, and appends {@code count}
     * delivery events to it.
     */
    static void freshChain(AuditLog log, JdbcClient jdbc, int count) {
        jdbc.sql("DELETE FROM audit_timestamp").update();
        jdbc.sql("DELETE FROM audit_checkpoint").update();
        jdbc.sql("DELETE FROM audit_subject_index").update();
        jdbc.sql("DELETE FROM audit_record_index").update();
        jdbc.sql("DELETE FROM audit_event").update();
        jdbc.sql("DELETE FROM audit_head WHERE node_id <> ?").param(log.node()).update();
        jdbc.sql("UPDATE audit_head SET seq = 0, hash = ? WHERE node_id = ?").params(ChainFormat.GENESIS, log.node())
                .update();
        for (int i = 1; i <= count; i++) {
            log.append(new AuditEntry("hub", "DELIVERED", "00000000-0000-4000-8000-%012d".formatted(i),
                    "death-certificate-value", 3, "health", "civil-affairs", "death-to-civil-affairs", "停发低保",
                    "《社会救助暂行办法》第十三条", Map.of("causeDirect", "MASKED", "deceasedName", "CLEAR"),
                    Map.of("deceasedIdNumber", "bi1.AAAAAAAAAAAAAAAAAAAAAA"), "OK", null));
        }
    }
}
