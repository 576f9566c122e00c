package org.exchangehub.verification.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tables of verification batches ({@code verification_batch}, {@code verification_batch_row}): a job, its rows
 * as the hub may keep them (blind index and keyed digests, or the row's problem) and each row's answer with the audit
 * event that records it.
 */
@Repository
public class BatchStore {

    // Ordered by the key's columns, the equality-bound batch_id included: H2 reads the key in order only then; with
    // "ORDER BY row_no" it read every row left in the job and sorted them for each chunk of 500
    /** Up to N rows of a job after a row, waiting for their answers, in row order. */
    static final String PENDING = """
            SELECT row_no, case_reference, token, name_digest, died_on_or_before, question
            FROM verification_batch_row WHERE batch_id = ? AND row_no > ? AND answer IS NULL AND problem IS NULL
            ORDER BY batch_id, row_no LIMIT ?""";
    /** Every row of a job in row order. */
    static final String ROWS = """
            SELECT row_no, case_reference, answer, problem, audit_node, audit_seq
            FROM verification_batch_row WHERE batch_id = ? ORDER BY batch_id, row_no""";

    /** A job as stored; {@code state} is QUEUED, RUNNING, DONE or FAILED. */
    public record Job(String id, String node, String department, String service, String purpose, String state,
            int totalRows, int answered, int badRows, int matched, int noMatch, int notOnFile, Instant submittedAt,
            Instant finishedAt, String problem) {
    }

    /** A row to keep: its question ({@code token} etc.) or, for a bad row, its problem. */
    public record NewRow(int row, String caseReference, String token, String nameDigest, LocalDate diedOnOrBefore,
            String question, String problem) {
    }

    /** A row waiting for its answer. */
    public record Pending(int row, String caseReference, String token, String nameDigest, LocalDate diedOnOrBefore,
            String question) {
    }

    /** A row as answered: its answer (null for a bad row) or problem, and the audit event of its answer. */
    public record Answered(int row, String caseReference, String answer, String problem, String auditNode,
            Long auditSeq) {
    }

    private static final RowMapper<Job> JOBS = (ResultSet rs, int n) -> new Job(rs.getString("id"),
            rs.getString("node_id"), rs.getString("department"), rs.getString("service"), rs.getString("purpose"),
            rs.getString("state"), rs.getInt("total_rows"), rs.getInt("answered"), rs.getInt("bad_rows"),
            rs.getInt("matched"), rs.getInt("no_match"), rs.getInt("not_on_file"), instant(rs, "submitted_at"),
            instant(rs, "finished_at"), rs.getString("problem"));

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    BatchStore(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Keeps a new job, QUEUED, with its rows; bad rows count as bad from the start. Call in a transaction. */
    public void insert(Job job, List<NewRow> rows) {
        jdbc.sql("""
                INSERT INTO verification_batch (id, node_id, department, service, purpose, state, total_rows, answered,
                    bad_rows, matched, no_match, not_on_file, submitted_at)
                VALUES (?, ?, ?, ?, ?, 'QUEUED', ?, 0, ?, 0, 0, 0, ?)""")
                .params(job.id(), job.node(), job.department(), job.service(), job.purpose(), job.totalRows(),
                        job.badRows(), Timestamp.from(job.submittedAt()))
                .update();
        List<Object[]> values = new ArrayList<>(rows.size());
        for (NewRow row : rows) {
            values.add(new Object[] { job.id(), row.row(), row.caseReference(), row.token(), row.nameDigest(),
                    row.diedOnOrBefore() == null ? null : Date.valueOf(row.diedOnOrBefore()), row.question(),
                    row.problem() });
        }
        batch.batchUpdate("""
                INSERT INTO verification_batch_row (batch_id, row_no, case_reference, token, name_digest,
                    died_on_or_before, question, problem) VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", values);
    }

    public Optional<Job> job(String id) {
        return jdbc.sql("SELECT * FROM verification_batch WHERE id = ?").param(id).query(JOBS).optional();
    }

    /** A department's jobs, newest first. */
    public List<Job> jobs(String department, int limit) {
        return jdbc.sql("SELECT * FROM verification_batch WHERE department = ? ORDER BY submitted_at DESC, id LIMIT ?")
                .params(department, limit).query(JOBS).list();
    }

    /** The ids of this node's jobs not yet finished, oldest first: to resume after a restart. */
    public List<String> unfinished(String node) {
        return jdbc.sql("SELECT id FROM verification_batch WHERE node_id = ? AND state IN ('QUEUED', 'RUNNING')"
                + " ORDER BY submitted_at, id").param(node).query(String.class).list();
    }

    /** Up to {@code limit} rows of a job after row {@code after} waiting for their answers, in row order. */
    public List<Pending> pending(String id, int after, int limit) {
        return jdbc.sql(PENDING).params(id, after, limit)
                .query((rs, n) -> new Pending(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getDate(5) == null ? null : rs.getDate(5).toLocalDate(), rs.getString(6)))
                .list();
    }

    /** Records answers of a job's rows and adds them to its counts. Call in a transaction. */
    public void answered(String id, List<Answered> rows) {
        List<Object[]> values = new ArrayList<>(rows.size());
        int matched = 0;
        int noMatch = 0;
        int notOnFile = 0;
        for (Answered row : rows) {
            values.add(new Object[] { row.answer(), row.auditNode(), row.auditSeq(), id, row.row() });
            switch (row.answer()) {
                case "MATCH" -> matched++;
                case "NO_MATCH" -> noMatch++;
                default -> notOnFile++;
            }
        }
        batch.batchUpdate("UPDATE verification_batch_row SET answer = ?, audit_node = ?, audit_seq = ?"
                + " WHERE batch_id = ? AND row_no = ? AND answer IS NULL", values);
        jdbc.sql("""
                UPDATE verification_batch SET answered = answered + ?, matched = matched + ?, no_match = no_match + ?,
                    not_on_file = not_on_file + ? WHERE id = ?""")
                .params(rows.size(), matched, noMatch, notOnFile, id).update();
    }

    public void running(String id) {
        jdbc.sql("UPDATE verification_batch SET state = 'RUNNING' WHERE id = ? AND state = 'QUEUED'").param(id)
                .update();
    }

    /** Ends a job DONE, or FAILED with its problem (rows not answered then keep no answer). */
    public void finish(String id, String state, String problem, Instant at) {
        jdbc.sql("UPDATE verification_batch SET state = ?, problem = ?, finished_at = ? WHERE id = ?")
                .params(state, problem, Timestamp.from(at), id).update();
    }

    /** Every row of a job in row order, as answered so far. */
    public List<Answered> rows(String id) {
        return jdbc.sql(ROWS).param(id)
                .query((rs, n) -> new Answered(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6) == null ? null : rs.getLong(6)))
                .list();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
