package org.exchangehub.reliability;

import java.util.List;
import java.util.Random;

import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.AuditVerifier;
import org.exchangehub.audit.ChainFormat;
import org.exchangehub.protect.CryptoSuite;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Random edits an insider with write access to the database could make to the audit tables: change or blank a
 * column, delete, insert, reorder, truncate (also rewinding the head), rewrite an event and recompute every hash
 * after it, tamper with a checkpoint, and the two forgeries of the tail that leave the chain consistent by dropping
 * the checkpoints that would contradict it (found with the witness's record). Meant to run inside a transaction
 * that is rolled back.
 */
final class TamperedTables {

    static final List<String> KINDS = List.of("modify column", "blank column", "delete event", "insert copy",
            "reorder events", "truncate tail", "truncate and rewind head", "rewrite and rehash",
            "checkpoint signature", "checkpoint time", "truncate consistent", "rechain unsigned");

    private static final List<String> COLUMNS = List.of("at", "actor", "action", "record_id", "subject", "schema_id",
            "source_department", "target_department", "subscription_id", "purpose", "legal_basis", "fields",
            "subject_indexes", "outcome", "detail", "prev_hash", "hash", "records");
    private static final List<String> NULLABLE = List.of("record_id", "subject", "schema_id", "source_department",
            "target_department", "subscription_id", "purpose", "legal_basis", "outcome", "detail", "records");
    private static final List<String> DEPARTMENTS = List.of("police", "health", "civil-affairs", "petition", "grid");
    private static final String ALL_BUT_SEQ = "at, actor, action, record_id, subject, schema_id, source_department,"
            + " target_department, subscription_id, purpose, legal_basis, fields, subject_indexes, outcome, detail,"
            + " prev_hash, hash, records, record_count, log_from, log_to";

    private final JdbcClient jdbc;
    private final Random random;

    TamperedTables(JdbcClient jdbc, Random random) {
        this.jdbc = jdbc;
        this.random = random;
    }

    String randomKind() {
        return TamperingTests.pick(random, KINDS);
    }

    void apply(String kind) {
        long head = jdbc.sql("SELECT seq FROM audit_head WHERE id = 1").query(Long.class).single();
        long lastCheckpoint = jdbc.sql("SELECT MAX(seq) FROM audit_checkpoint").query(Long.class).single();
        long seq = 1 + random.nextLong(head);
        switch (kind) {
            case "modify column" -> modify(seq, TamperingTests.pick(random, COLUMNS));
            case "blank column" -> blank();
            case "delete event" -> jdbc.sql("DELETE FROM audit_event WHERE seq = ?").param(seq).update();
            case "insert copy" -> insertCopy(2 + random.nextLong(head));
            case "reorder events" -> swap(seq, random.nextBoolean() ? (seq % head) + 1 : 1 + random.nextLong(head));
            case "truncate tail" -> jdbc.sql("DELETE FROM audit_event WHERE seq > ?").param(seq - 1).update();
            case "truncate and rewind head" -> truncateAndRewind(random.nextLong(lastCheckpoint));
            case "rewrite and rehash" -> rewriteAndRehash(1 + random.nextLong(lastCheckpoint), head);
            case "checkpoint signature" -> jdbc.sql("UPDATE audit_checkpoint SET signature = (SELECT signature FROM"
                    + " audit_checkpoint WHERE seq = (SELECT MIN(seq) FROM audit_checkpoint)) WHERE seq = ?")
                    .param(checkpointOtherThanTheFirst()).update();
            case "checkpoint time" -> jdbc.sql("UPDATE audit_checkpoint SET at = at + INTERVAL '1' SECOND WHERE seq = ?")
                    .param(TamperingTests.pick(random, checkpoints())).update();
            case "truncate consistent" -> {
                long keep = random.nextLong(lastCheckpoint);
                truncateAndRewind(keep);
                dropCheckpointsFrom(keep + 1);
            }
            case "rechain unsigned" -> {
                long from = 1 + random.nextLong(lastCheckpoint);
                rewriteAndRehash(from, head);
                dropCheckpointsFrom(from);
            }
            default -> throw new IllegalArgumentException(kind);
        }
    }

    private void modify(long seq, String column) {
        Object value = jdbc.sql("SELECT " + column + " FROM audit_event WHERE seq = ?").param(seq)
                .query((rs, n) -> rs.getObject(1)).list().get(0);
        switch (column) {
            case "at" -> jdbc.sql("UPDATE audit_event SET at = at + INTERVAL '1' SECOND WHERE seq = ?").param(seq).update();
            case "schema_id" -> set(seq, column, value == null ? 1 : (Integer) value + 1);
            case "prev_hash", "hash" -> set(seq, column, flipFirst((String) value));
            case "fields", "subject_indexes" -> set(seq, column, "{}".equals(value) ? "{\"x\":\"CLEAR\"}"
                    : ((String) value).replaceFirst("\":\"", "\":\"x"));
            case "source_department", "target_department" -> set(seq, column,
                    TamperingTests.pick(random, DEPARTMENTS.stream().filter(d -> !d.equals(value)).toList()));
            case "outcome" -> set(seq, column, "OK".equals(value) ? "FAILED" : "OK");
            // a batch event's records: a view or an id changed; an event without them given an empty list
            case "records" -> set(seq, column, value == null ? "[]" : ((String) value).contains("\"CLEAR\"")
                    ? ((String) value).replaceFirst("\"CLEAR\"", "\"OMIT\"") : changeLast((String) value));
            default -> set(seq, column, value == null || value.toString().isEmpty() ? "x" : changeLast(value.toString()));
        }
    }

    /** Sets a nullable column that has a value to NULL (events chosen at random until one has such a value). */
    private void blank() {
        long head = jdbc.sql("SELECT seq FROM audit_head WHERE id = 1").query(Long.class).single();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            long seq = 1 + random.nextLong(head);
            String column = TamperingTests.pick(random, NULLABLE);
            if (jdbc.sql("UPDATE audit_event SET " + column + " = NULL WHERE seq = ? AND " + column + " IS NOT NULL")
                    .param(seq).update() == 1) {
                return;
            }
        }
        throw new IllegalStateException("no event with a nullable column set");
    }

    private void set(long seq, String column, Object value) {
        jdbc.sql("UPDATE audit_event SET " + column + " = ? WHERE seq = ?").params(value, seq).update();
    }

    /** Moves events from {@code seq} one up and puts a copy of the event before them at {@code seq}. */
    private void insertCopy(long seq) {
        jdbc.sql("UPDATE audit_event SET seq = -seq WHERE seq >= ?").param(seq).update();
        jdbc.sql("UPDATE audit_event SET seq = -seq + 1 WHERE seq < 0").update();
        jdbc.sql("INSERT INTO audit_event (seq, " + ALL_BUT_SEQ + ") SELECT ?, " + ALL_BUT_SEQ
                + " FROM audit_event WHERE seq = ?").params(seq, seq - 1).update();
    }

    private void swap(long a, long b) {
        if (a == b) {
            b = a == 1 ? 2 : a - 1;
        }
        jdbc.sql("UPDATE audit_event SET seq = -1 WHERE seq = ?").param(a).update();
        jdbc.sql("UPDATE audit_event SET seq = ? WHERE seq = ?").params(a, b).update();
        jdbc.sql("UPDATE audit_event SET seq = ? WHERE seq = -1").param(b).update();
    }

    private void truncateAndRewind(long keep) {
        jdbc.sql("DELETE FROM audit_event WHERE seq > ?").param(keep).update();
        String hash = keep == 0 ? ChainFormat.GENESIS
                : jdbc.sql("SELECT hash FROM audit_event WHERE seq = ?").param(keep).query(String.class).single();
        jdbc.sql("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1").params(keep, hash).update();
    }

    /** What a forger who knows the format does: changes an event and recomputes every hash from there to the head. */
    private void rewriteAndRehash(long from, long head) {
        AuditEvent original = jdbc.sql("SELECT * FROM audit_event WHERE seq = ?").param(from)
                .query(AuditVerifier.EVENT).single();
        CryptoSuite suite = suiteOf(original);
        jdbc.sql("UPDATE audit_event SET target_department = ? WHERE seq = ?").params(TamperingTests.pick(random,
                DEPARTMENTS.stream().filter(d -> !d.equals(original.targetDepartment())).toList()), from).update();
        List<AuditEvent> events = jdbc.sql("SELECT * FROM audit_event WHERE seq >= ? ORDER BY seq").param(from - 1)
                .query(AuditVerifier.EVENT).list();
        String previous = from == 1 ? ChainFormat.GENESIS : events.get(0).hash();
        for (AuditEvent event : events.subList(from == 1 ? 0 : 1, events.size())) {
            String hash = ChainFormat.chainHash(suite, previous, event.canonicalJson());
            jdbc.sql("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?").params(previous, hash, event.seq())
                    .update();
            previous = hash;
        }
        jdbc.sql("UPDATE audit_head SET hash = ? WHERE id = 1 AND seq = ?").params(previous, head).update();
    }

    /** What a forger who cut or rewrote the tail does so that no checkpoint contradicts the chain any more. */
    private void dropCheckpointsFrom(long seq) {
        jdbc.sql("DELETE FROM audit_timestamp WHERE seq >= ?").param(seq).update();
        jdbc.sql("DELETE FROM audit_checkpoint WHERE seq >= ?").param(seq).update();
    }

    /** The suite the chain was written with, found by recomputing an untouched event's hash. */
    static CryptoSuite suiteOf(AuditEvent event) {
        return List.of("SM", "INTL").stream().map(CryptoSuite::of).filter(suite -> ChainFormat.chainHash(suite,
                event.prevHash(), event.canonicalJson()).equals(event.hash())).findFirst().orElseThrow();
    }

    private List<Long> checkpoints() {
        return jdbc.sql("SELECT seq FROM audit_checkpoint ORDER BY seq").query(Long.class).list();
    }

    private long checkpointOtherThanTheFirst() {
        List<Long> seqs = checkpoints();
        return seqs.get(1 + random.nextInt(seqs.size() - 1));
    }

    /** The text with its last character replaced (same length, so that it fits the column). */
    private static String changeLast(String text) {
        char last = text.charAt(text.length() - 1);
        return text.substring(0, text.length() - 1) + (last == 'x' ? 'y' : 'x');
    }

    static String flipFirst(String hex) {
        return (hex.charAt(0) == '0' ? '1' : '0') + hex.substring(1);
    }
}
