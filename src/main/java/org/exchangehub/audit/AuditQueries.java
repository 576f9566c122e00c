package org.exchangehub.audit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

import org.exchangehub.exchange.Journal;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The auditor's search over the audit log, the chains of all nodes together: by time range, department (as source or
 * target), record type, action, subscription, record id and node, newest first, in pages.
 */
@Service
public class AuditQueries {

    /**
     * A search; null members do not filter.
     *
     * @param page from 0
     * @param size events per page, at most 1000
     * @param node the node whose chain to search; null for all chains
     */
    public record Query(Instant from, Instant to, String department, String recordType, String action,
            String subscriptionId, String recordId, int page, int size, String node) {

        /** A search over all chains. */
        public Query(Instant from, Instant to, String department, String recordType, String action,
                String subscriptionId, String recordId, int page, int size) {
            this(from, to, department, recordType, action, subscriptionId, recordId, page, size, null);
        }
    }

    /**
     * One page of results and the number of events that match: exact up to {@value #COUNT_LIMIT} (or when asked);
     * beyond it {@code total} is that limit and {@code totalExact} false ("10,000+"), so that a page does not count
     * millions.
     */
    public record Page(List<AuditEvent> events, long total, boolean totalExact, int page, int size) {
    }

    /** Matches counted at most for a page's total. */
    public static final int COUNT_LIMIT = 10_000;

    /**
     * How many records moved in one time bucket, by action ({@code PUBLISHED}, {@code QUARANTINED},
     * {@code DELIVERED}, {@code DEAD_LETTERED}), source and target department and subscription (dead letters carry
     * only the subscription).
     */
    public record Traffic(Instant bucket, String action, String sourceDepartment, String targetDepartment,
            String subscriptionId, long count) {
    }

    /** An event, the signed checkpoint that covers it (null while none does yet) and its chain's head. */
    public record EventDetail(AuditEvent event, Long coveredByCheckpoint, Instant checkpointAt, long headSeq) {
    }

    /**
     * Calls of request-and-answer services counted per grant: the grant, the asking department, the provider, the
     * action ({@code VERIFIED} or {@code QUERIED}), the outcome, how many and the latest.
     */
    public record ServiceCalls(String grant, String department, String provider, String action, String outcome,
            long calls, Instant last) {
    }

    /** The record-moving actions {@link #traffic} counts. */
    public static final List<String> TRAFFIC_ACTIONS = List.of("PUBLISHED", "QUARANTINED", "DELIVERED",
            "DEAD_LETTERED");

    private final JdbcClient jdbc;
    private final RecordEvents events;
    private final Function<String, OptionalLong> positions;

    @Autowired
    AuditQueries(JdbcClient jdbc, RecordEvents events, Journal journal) {
        this(jdbc, events, journal::position);
    }

    /** Over a database alone: {@code positions} tells where a record lies in the journal's log. */
    AuditQueries(JdbcClient jdbc, RecordEvents events,
            Function<String, OptionalLong> positions) {
        this.jdbc = jdbc;
        this.events = events;
        this.positions = positions;
    }

    /** Verification questions and query service calls since {@code since}, across the chains, per grant and outcome. */
    public List<ServiceCalls> serviceCalls(Instant since) {
        return jdbc.sql("""
                SELECT subscription_id, target_department, source_department, action, outcome, COUNT(*) AS calls,
                    MAX(at) AS last_at
                FROM audit_event WHERE action IN ('VERIFIED', 'QUERIED') AND at >= ?
                GROUP BY subscription_id, target_department, source_department, action, outcome
                ORDER BY subscription_id, action, outcome""").param(Timestamp.from(since))
                .query((rs, n) -> new ServiceCalls(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getTimestamp(7).toInstant()))
                .list();
    }

    /** One event of a node's chain with its place there: the first checkpoint at or after it, and the head. */
    public Optional<EventDetail> detail(String node, long seq) {
        return jdbc.sql("SELECT * FROM audit_event WHERE node_id = ? AND seq = ?").params(node, seq)
                .query(AuditVerifier.EVENT).optional()
                .map(event -> {
                    var checkpoint = jdbc.sql("SELECT * FROM audit_checkpoint WHERE node_id = ? AND seq >= ?"
                            + " ORDER BY node_id, seq FETCH FIRST 1 ROWS ONLY").params(node, seq)
                            .query(AuditVerifier.CHECKPOINT).optional();
                    long head = jdbc.sql("SELECT seq FROM audit_head WHERE node_id = ?").param(node)
                            .query(Long.class).single();
                    return new EventDetail(event, checkpoint.map(Checkpoint::seq).orElse(null),
                            checkpoint.map(Checkpoint::at).orElse(null), head);
                });
    }

    /** The newest signed checkpoint of a node's chain. */
    public Optional<Checkpoint> newestCheckpoint(String node) {
        return jdbc.sql("SELECT * FROM audit_checkpoint WHERE node_id = ?"
                + " ORDER BY node_id DESC, seq DESC FETCH FIRST 1 ROWS ONLY")
                .param(node).query(AuditVerifier.CHECKPOINT).optional();
    }

    /** Counts of record-moving events from {@code from} (inclusive) to {@code to}, in buckets of {@code bucket}. */
    public List<Traffic> traffic(Instant from, Instant to, Duration bucket) {
        long seconds = Math.max(1, bucket.toSeconds());
        String slot = "FLOOR(EXTRACT(EPOCH FROM at) / " + seconds + ")";
        return jdbc.sql("SELECT " + slot + " AS slot, action, source_department, target_department, subscription_id,"
                + " SUM(COALESCE(record_count, 1)) AS n FROM audit_event WHERE action IN ('PUBLISHED', 'QUARANTINED', 'DELIVERED',"
                + " 'DEAD_LETTERED') AND at >= ? AND at < ? GROUP BY " + slot + ", action, source_department,"
                + " target_department, subscription_id").params(Timestamp.from(from), Timestamp.from(to))
                .query((rs, n) -> new Traffic(Instant.ofEpochSecond(rs.getLong("slot") * seconds),
                        rs.getString("action"), rs.getString("source_department"), rs.getString("target_department"),
                        rs.getString("subscription_id"), rs.getLong("n")))
                .list();
    }

    /** A page whose total is exact up to {@link #COUNT_LIMIT} matches. */
    public Page search(Query query) {
        return search(query, false);
    }

    /** A page; with {@code exactTotal} its total counts every match, however many (an explicit request). */
    public Page search(Query query, boolean exactTotal) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (query.from() != null) {
            where.append(" AND at >= ?");
            params.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.append(" AND at < ?");
            params.add(Timestamp.from(query.to()));
        }
        if (query.department() != null) {
            where.append(" AND (source_department = ? OR target_department = ? OR actor = ?)");
            params.add(query.department());
            params.add(query.department());
            params.add(query.department());
        }
        if (query.recordType() != null) {
            where.append(" AND subject = ?");
            params.add(query.recordType() + "-value");
        }
        if (query.action() != null) {
            where.append(" AND action = ?");
            params.add(query.action());
        }
        if (query.node() != null) {
            where.append(" AND node_id = ?");
            params.add(query.node());
        }
        if (query.subscriptionId() != null) {
            where.append(" AND subscription_id = ?");
            params.add(query.subscriptionId());
        }
        if (query.recordId() != null) {
            // the record's own events, and the batch events that name it (found by its position in the log)
            List<AuditEvent> naming = events.naming(query.recordId(), positions.apply(query.recordId()).orElse(0));
            where.append(" AND (record_id = ?").append(" OR (node_id = ? AND seq = ?)".repeat(naming.size()))
                    .append(')');
            params.add(query.recordId());
            naming.forEach(event -> {
                params.add(event.node());
                params.add(event.seq());
            });
        }
        int size = Math.max(1, Math.min(query.size(), 1000));
        int page = Math.max(0, query.page());
        // unless asked, counting stops after the limit: over millions of matches COUNT(*) read every one of them
        // for each page
        long counted = jdbc.sql(exactTotal ? "SELECT COUNT(*) FROM audit_event" + where
                : "SELECT COUNT(*) FROM (SELECT 1 FROM audit_event" + where + " FETCH FIRST " + (COUNT_LIMIT + 1)
                        + " ROWS ONLY) matched").params(params).query(Long.class).single();
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add((long) page * size);
        pageParams.add(size);
        List<AuditEvent> events = jdbc.sql("SELECT * FROM audit_event" + where
                + " ORDER BY at DESC, seq DESC, node_id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY").params(pageParams)
                .query(AuditVerifier.EVENT).list();
        boolean exact = exactTotal || counted <= COUNT_LIMIT;
        return new Page(events, exact ? counted : COUNT_LIMIT, exact, page, size);
    }
}
