package org.exchangehub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.exchangehub.HubTest;
import org.exchangehub.protect.AuditSigningKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** An insider edits the audit tables directly; the verifier finds every kind of edit at the right seq. */
@HubTest
@TestPropertySource(properties = "hub.audit.checkpoint-every=10")
class AuditChainTamperTests {

    @Autowired
    AuditLog log;

    @Autowired
    AuditVerifier verifier;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditSigningKey signingKey;

    @BeforeEach
    void freshChainOf100Events() {
        AuditFixtures.freshChain(log, jdbc, 100);
    }

    @Test
    void untouchedChainVerifies() {
        ChainVerifier.Verdict verdict = verifier.verifyDatabase();

        assertThat(verdict.ok()).as(verdict.detail()).isTrue();
        assertThat(verdict.events()).isEqualTo(100);
        assertThat(verdict.checkpoints()).isEqualTo(10);
    }

    @Test
    void modifiedFieldIsFound() {
        jdbc.sql("UPDATE audit_event SET fields = ? WHERE seq = 37").param("{\"causeDirect\":\"CLEAR\"}").update();

        assertBad(37, "MODIFIED");
    }

    @Test
    void modifiedColumnOutsideTheJsonIsFound() {
        jdbc.sql("UPDATE audit_event SET target_department = 'police' WHERE seq = 52").update();

        assertBad(52, "MODIFIED");
    }

    @Test
    void deletedEventIsFound() {
        jdbc.sql("DELETE FROM audit_event WHERE seq = 41").update();

        assertBad(41, "DELETED");
    }

    @Test
    void insertedEventIsFound() {
        jdbc.sql("UPDATE audit_event SET seq = seq + 1000 WHERE seq >= 60").update();
        jdbc.sql("UPDATE audit_event SET seq = seq - 999 WHERE seq >= 1060").update();
        jdbc.sql("INSERT INTO audit_event SELECT node_id, 60, at, actor, 'DELIVERED', record_id, subject, schema_id,"
                + " source_department, 'police', subscription_id, purpose, legal_basis, fields, subject_indexes, outcome,"
                + " detail, prev_hash, hash, records, record_count, log_from, log_to FROM audit_event WHERE seq = 59")
                .update();

        assertBad(60, "INSERTED_OR_REORDERED");
    }

    @Test
    void reorderedEventsAreFound() {
        jdbc.sql("UPDATE audit_event SET seq = -1 WHERE seq = 70").update();
        jdbc.sql("UPDATE audit_event SET seq = 70 WHERE seq = 71").update();
        jdbc.sql("UPDATE audit_event SET seq = 71 WHERE seq = -1").update();

        assertBad(70, "INSERTED_OR_REORDERED");
    }

    @Test
    void truncatedTailIsFound() {
        jdbc.sql("DELETE FROM audit_event WHERE seq > 85").update();

        assertBad(86, "TRUNCATED");
    }

    @Test
    void truncatedTailWithTheHeadRewoundIsFoundByTheCheckpoints() {
        jdbc.sql("DELETE FROM audit_event WHERE seq > 85").update();
        jdbc.sql("UPDATE audit_head SET seq = 85, hash = (SELECT hash FROM audit_event WHERE seq = 85) WHERE id = 1")
                .update();

        assertBad(86, "TRUNCATED");
    }

    @Test
    void replacedSignatureIsFound() {
        String other = jdbc.sql("SELECT signature FROM audit_checkpoint WHERE seq = 20").query(String.class).single();
        jdbc.sql("UPDATE audit_checkpoint SET signature = ? WHERE seq = 30").param(other).update();

        assertBad(30, "BAD_SIGNATURE");
    }

    @Test
    void checkpointOverAnotherHashIsFound() {
        jdbc.sql("UPDATE audit_checkpoint SET hash = ? WHERE seq = 50").param("f".repeat(64)).update();

        assertBad(50, "BAD_SIGNATURE");
    }

    @Test
    void truncateConsistentIsFoundByTheWitnessRecordAndNamesWhatIsMissing() {
        List<Checkpoint> witnessed = witnessed();
        jdbc.sql("DELETE FROM audit_event WHERE seq > 73").update();
        jdbc.sql("DELETE FROM audit_checkpoint WHERE seq > 73").update();
        jdbc.sql("UPDATE audit_head SET seq = 73, hash = (SELECT hash FROM audit_event WHERE seq = 73) WHERE id = 1")
                .update();

        ChainVerifier.Verdict alone = verifier.verifyDatabase();
        assertThat(alone.ok()).as("the chain alone cannot show a cut after its newest checkpoint").isTrue();
        assertThat(alone.coverage().signedSeq()).isEqualTo(70);
        assertThat(alone.coverage().unsigned()).isEqualTo(3);
        ChainVerifier.Verdict verdict = verifier.verifyDatabase(witnessed);
        assertThat(verdict.problem()).isEqualTo("TRUNCATED");
        assertThat(verdict.firstBadSeq()).isEqualTo(74);
        assertThat(verdict.detail()).contains("events 74 to 100 are missing");
    }

    @Test
    void rechainUnsignedIsFoundByTheWitnessRecordAndNamesWhatIsMissing() {
        List<Checkpoint> witnessed = witnessed();
        jdbc.sql("UPDATE audit_event SET target_department = 'police' WHERE seq = 74").update();
        String previous = jdbc.sql("SELECT hash FROM audit_event WHERE seq = 73").query(String.class).single();
        for (AuditEvent event : jdbc.sql("SELECT * FROM audit_event WHERE seq >= 74 ORDER BY seq")
                .query(AuditVerifier.EVENT).list()) {
            String hash = ChainFormat.chainHash(signingKey.suite(), previous, event.canonicalJson());
            jdbc.sql("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?").params(previous, hash, event.seq())
                    .update();
            previous = hash;
        }
        jdbc.sql("DELETE FROM audit_checkpoint WHERE seq >= 74").update();
        jdbc.sql("UPDATE audit_head SET hash = ? WHERE id = 1").param(previous).update();

        assertThat(verifier.verifyDatabase().ok()).isTrue();
        assertBad(verifier.verifyDatabase(witnessed), 80, "CHECKPOINT_MISSING");
    }

    @Test
    void unreadableStoredJsonIsAVerdictNotACrash() {
        jdbc.sql("UPDATE audit_event SET subject_indexes = '{not json' WHERE seq = 12").update();

        assertBad(12, "MODIFIED");
    }

    /** The checkpoints as the witness received them. */
    private List<Checkpoint> witnessed() {
        return jdbc.sql(AuditVerifier.CHECKPOINTS_WITH_TOKENS + " ORDER BY c.seq").query(AuditVerifier.ANCHORED_CHECKPOINT)
                .list();
    }

    private void assertBad(long seq, String problem) {
        assertBad(verifier.verifyDatabase(), seq, problem);
    }

    private static void assertBad(ChainVerifier.Verdict verdict, long seq, String problem) {
        assertThat(verdict.ok()).isFalse();
        assertThat(verdict.firstBadSeq()).as(verdict.detail()).isEqualTo(seq);
        assertThat(verdict.problem()).isEqualTo(problem);
    }
}
