package org.exchangehub.verification.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tables of watches ({@code verification_watch}, {@code verification_watch_change}): each watch's question as the
 * hub may keep it (blind index, keyed digests) with the answer last given, and the changes of answer waiting for
 * their department's acknowledgement.
 */
@Repository
public class WatchStore {

    /** A department's changes not yet acknowledged, by the index's columns so that H2 reads it in order. */
    static final String CHANGES_WAITING = "SELECT * FROM verification_watch_change WHERE department = ?"
            + " AND acknowledged = FALSE ORDER BY department, acknowledged, seq LIMIT ?";

    /** A watch as stored; {@code endedAt} null while it is active. */
    public record Watch(String id, String department, String actor, String service, String purpose,
            String caseReference, String token, String nameDigest, LocalDate diedOnOrBefore, String question,
            String answer, Instant createdAt, Instant checkedAt, Instant endedAt) {
    }

    /** A change of a watch's answer, with the audit event that recorded the new answer. */
    public record Change(long seq, String watchId, String department, String previous, String answer,
            Instant changedAt, String auditNode, long auditSeq) {
    }

    private static final RowMapper<Watch> WATCHES = (ResultSet rs, int n) -> new Watch(rs.getString("id"),
            rs.getString("department"), rs.getString("actor"), rs.getString("service"), rs.getString("purpose"),
            rs.getString("case_reference"), rs.getString("token"), rs.getString("name_digest"),
            rs.getDate("died_on_or_before") == null ? null : rs.getDate("died_on_or_before").toLocalDate(),
            rs.getString("question"), rs.getString("answer"), instant(rs, "created_at"), instant(rs, "checked_at"),
            instant(rs, "ended_at"));

    private static final RowMapper<Change> CHANGES = (ResultSet rs, int n) -> new Change(rs.getLong("seq"),
            rs.getString("watch_id"), rs.getString("department"), rs.getString("previous"), rs.getString("answer"),
            instant(rs, "changed_at"), rs.getString("audit_node"), rs.getLong("audit_seq"));

    private final JdbcClient jdbc;

    WatchStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Watch watch) {
        jdbc.sql("""
                INSERT INTO verification_watch (id, department, actor, service, purpose, case_reference, token,
                    name_digest, died_on_or_before, question, answer, created_at, checked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(watch.id(), watch.department(), watch.actor(), watch.service(), watch.purpose(),
                        watch.caseReference(), watch.token(), watch.nameDigest(),
                        watch.diedOnOrBefore() == null ? null : Date.valueOf(watch.diedOnOrBefore()),
                        watch.question(), watch.answer(), Timestamp.from(watch.createdAt()),
                        Timestamp.from(watch.checkedAt()))
                .update();
    }

    public Optional<Watch> watch(String id) {
        return jdbc.sql("SELECT * FROM verification_watch WHERE id = ?").param(id).query(WATCHES).optional();
    }

    /** A department's active watches, newest first. */
    public List<Watch> active(String department) {
        return jdbc.sql("SELECT * FROM verification_watch WHERE department = ? AND ended_at IS NULL"
                + " ORDER BY created_at DESC, id").param(department).query(WATCHES).list();
    }

    /** How many active watches a department holds. */
    public long count(String department) {
        return jdbc.sql("SELECT COUNT(*) FROM verification_watch WHERE department = ? AND ended_at IS NULL")
                .param(department).query(Long.class).single();
    }

    /** The active watches of any of these people. */
    public List<Watch> watching(Collection<String> tokens) {
        return tokens.isEmpty() ? List.of()
                : jdbc.sql("SELECT * FROM verification_watch WHERE ended_at IS NULL AND token IN (:tokens)")
                        .param("tokens", tokens).query(WATCHES).list();
    }

    /** Active watches not checked since {@code before}, oldest check first. */
    public List<Watch> uncheckedSince(Instant before, int limit) {
        return jdbc.sql("SELECT * FROM verification_watch WHERE ended_at IS NULL AND checked_at < ?"
                + " ORDER BY checked_at, id LIMIT ?").params(Timestamp.from(before), limit).query(WATCHES).list();
    }

    /** The people watched now. */
    public Set<String> tokens() {
        return Set.copyOf(jdbc.sql("SELECT DISTINCT token FROM verification_watch WHERE ended_at IS NULL")
                .query(String.class).list());
    }

    public void checked(String id, Instant at) {
        jdbc.sql("UPDATE verification_watch SET checked_at = ? WHERE id = ?").params(Timestamp.from(at), id).update();
    }

    /**
     * Moves a watch from answer {@code previous} to {@code answer}; false when another node moved it first (nothing
     * changed then). Call in a transaction with the change's insert.
     */
    public boolean move(String id, String previous, String answer, Instant at) {
        return jdbc.sql("UPDATE verification_watch SET answer = ?, checked_at = ? WHERE id = ? AND answer = ?"
                + " AND ended_at IS NULL").params(answer, Timestamp.from(at), id, previous).update() == 1;
    }

    public void changed(String id, String department, String previous, String answer, Instant at, String node,
            long seq) {
        jdbc.sql("""
                INSERT INTO verification_watch_change (watch_id, department, previous, answer, changed_at, audit_node,
                    audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(id, department, previous, answer, Timestamp.from(at), node, seq).update();
    }

    public boolean end(String id, String department, Instant at) {
        return jdbc.sql("UPDATE verification_watch SET ended_at = ? WHERE id = ? AND department = ?"
                + " AND ended_at IS NULL").params(Timestamp.from(at), id, department).update() == 1;
    }

    /** A department's changes not yet acknowledged, oldest first. */
    public List<Change> changes(String department, int limit) {
        return jdbc.sql(CHANGES_WAITING).params(department, limit).query(CHANGES).list();
    }

    /** Acknowledges changes of a department; returns how many were waiting. */
    public int acknowledge(String department, Collection<Long> seqs) {
        return seqs.isEmpty() ? 0
                : jdbc.sql("UPDATE verification_watch_change SET acknowledged = TRUE WHERE department = :department"
                        + " AND seq IN (:seqs) AND NOT acknowledged").param("department", department)
                        .param("seqs", seqs).update();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp at = rs.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }
}
