package org.exchangehub.catalog.internal;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.exchangehub.catalog.SharingAttribute;
import org.exchangehub.catalog.SharingRequest;
import org.exchangehub.catalog.SharingRequestForm;
import org.exchangehub.cluster.HeldReads;
import org.exchangehub.cluster.SharedConfiguration;
import org.exchangehub.cluster.SharedConfigurationChanged;
import org.exchangehub.protect.FieldView;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Rows of {@code catalog_request}: each update checks the version it read (a concurrent change is refused).
 *
 * <p>A service's grants are looked up on every verification question and query call, so {@link #approved} answers
 * from memory until a request changes ({@link HeldReads}); whether a held grant is still valid (its end date) is
 * decided by the caller at each call.
 */
@Repository
public class RequestStore {

    /**
     * The terms a request was made on: the form (without secret) and the catalog's attributes at that moment, so a
     * later catalog change does not rewrite what was asked and granted.
     */
    public record Terms(SharingRequestForm form, String recordType, SharingAttribute resourceSharing,
            Map<String, SharingAttribute> fieldSharing) {
    }

    /** A request as stored. */
    public record Row(String id, String resource, String provider, String requester, SharingRequest.State state,
            Terms terms, String secretToken, Map<String, FieldView> granted, Instant submittedAt, String submittedBy,
            Instant validUntil, LocalDate deadline, String extensionReason, boolean overdueFlagged, Instant decidedAt,
            String decidedBy, String decisionReason, Instant endedAt, String endedBy, String endReason, int cancelled,
            int version) {

        public Row {
            granted = granted == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(granted));
        }

        /** PENDING past its deadline on that day. */
        public boolean overdueOn(LocalDate today) {
            return state == SharingRequest.State.PENDING && deadline != null && today.isAfter(deadline);
        }

        /** The request as its parties, admins and auditors see it: per field what was asked and granted, no secret. */
        public SharingRequest asRequest(boolean active, LocalDate today) {
            SharingRequestForm form = terms.form();
            List<SharingRequest.Field> fields = new ArrayList<>();
            new TreeMap<>(form.fields()).forEach((field, requested) -> {
                FieldView given = granted.get(field);
                String status = given != null ? (given == requested ? "GRANTED" : "NARROWED")
                        : state == SharingRequest.State.PENDING ? "WAITING" : "REFUSED";
                fields.add(new SharingRequest.Field(field, requested, terms.fieldSharing().get(field), given, status));
            });
            var c = form.channel();
            return new SharingRequest(id, resource, provider, requester, terms.recordType(), state, fields,
                    form.purpose(), form.legalBasis(), form.validUntil(), validUntil,
                    c == null ? null : new SharingRequest.Channel(c.type(), c.url(), c.format(), secretToken != null),
                    submittedAt,
                    submittedBy, deadline, extensionReason != null, extensionReason, overdueOn(today), decidedAt,
                    decidedBy, decisionReason, granted, active, endedAt, endedBy, endReason, cancelled, version);
        }
    }

    private static final TypeReference<Map<String, FieldView>> VIEWS = new TypeReference<>() {
    };

    private record Holder(String requester, String resource) {
    }

    private final JdbcClient jdbc;
    private final HeldReads<Holder, List<Row>> approved;

    RequestStore(JdbcClient jdbc, SharedConfiguration shared) {
        this.jdbc = jdbc;
        this.approved = new HeldReads<>(shared);
    }

    /** A new request id, e.g. {@code sr-2026-000001}. */
    public String nextId(int year) {
        long n = jdbc.sql("SELECT nextval('catalog_request_seq')").query(Long.class).single();
        return "sr-%d-%06d".formatted(year, n);
    }

    public Optional<Row> find(String id) {
        return jdbc.sql("SELECT * FROM catalog_request WHERE id = ?").param(id).query(ROW).optional();
    }

    /** Requests, newest first, optionally of one department (as requester or provider) and state. */
    public List<Row> list(String department, SharingRequest.State state) {
        StringBuilder sql = new StringBuilder("SELECT * FROM catalog_request WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        if (department != null) {
            sql.append(" AND (requester = ? OR provider = ?)");
            params.add(department);
            params.add(department);
        }
        if (state != null) {
            sql.append(" AND state = ?");
            params.add(state.name());
        }
        return jdbc.sql(sql.append(" ORDER BY submitted_at DESC, id DESC").toString()).params(params).query(ROW).list();
    }

    /** A department's APPROVED requests of one resource (a service's grants), newest first. */
    public List<Row> approved(String requester, String resource) {
        return approved.get(new Holder(requester, resource), () -> List.copyOf(jdbc.sql(
                "SELECT * FROM catalog_request WHERE requester = ? AND resource = ? AND state = 'APPROVED'"
                        + " ORDER BY submitted_at DESC, id DESC").params(requester, resource).query(ROW).list()));
    }

    /** Drops the held grants: another node changed a request (or other shared configuration). */
    @EventListener(SharedConfigurationChanged.class)
    void forgetApproved() {
        approved.forget();
    }

    /** Requests whose validity ended while their state could still let data flow or be approved. */
    public List<Row> expiredBy(Instant now) {
        return jdbc.sql("SELECT * FROM catalog_request WHERE state IN ('PENDING', 'APPROVED', 'REJECTED')"
                + " AND valid_until <= ? ORDER BY id").param(Timestamp.from(now)).query(ROW).list();
    }

    /** PENDING requests past their deadline not yet flagged. */
    public List<Row> newlyOverdue(LocalDate today) {
        return jdbc.sql("SELECT * FROM catalog_request WHERE state = 'PENDING' AND deadline < ? AND NOT overdue_flagged"
                + " ORDER BY id").param(Date.valueOf(today)).query(ROW).list();
    }

    public void insert(Row row) {
        approved.changing();
        jdbc.sql("""
                INSERT INTO catalog_request (id, resource, provider, requester, state, definition, secret_token, granted,
                    submitted_at, submitted_by, valid_until, deadline, extension_reason, overdue_flagged, decided_at,
                    decided_by, decision_reason, ended_at, ended_by, end_reason, cancelled, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(row.id(), row.resource(), row.provider(), row.requester(), row.state().name(),
                        CatalogJson.write(row.terms()), row.secretToken(), CatalogJson.write(row.granted()),
                        ts(row.submittedAt()), row.submittedBy(), ts(row.validUntil()), date(row.deadline()),
                        row.extensionReason(), row.overdueFlagged(), ts(row.decidedAt()), row.decidedBy(),
                        row.decisionReason(), ts(row.endedAt()), row.endedBy(), row.endReason(), row.cancelled(),
                        row.version())
                .update();
        approved.changed();
    }

    /**
     * Writes the changed request as version {@code previous.version() + 1}.
     *
     * @throws IllegalStateException when someone else changed it since it was read
     */
    public Row update(Row previous, Row next) {
        approved.changing();
        Row versioned = new Row(next.id(), next.resource(), next.provider(), next.requester(), next.state(),
                next.terms(), next.secretToken(), next.granted(), next.submittedAt(), next.submittedBy(),
                next.validUntil(), next.deadline(), next.extensionReason(), next.overdueFlagged(), next.decidedAt(),
                next.decidedBy(), next.decisionReason(), next.endedAt(), next.endedBy(), next.endReason(),
                next.cancelled(), previous.version() + 1);
        int updated = jdbc.sql("""
                UPDATE catalog_request SET state = ?, granted = ?, deadline = ?, extension_reason = ?,
                    overdue_flagged = ?, decided_at = ?, decided_by = ?, decision_reason = ?, ended_at = ?, ended_by = ?,
                    end_reason = ?, cancelled = ?, version = ? WHERE id = ? AND version = ?""")
                .params(versioned.state().name(), CatalogJson.write(versioned.granted()), date(versioned.deadline()),
                        versioned.extensionReason(), versioned.overdueFlagged(), ts(versioned.decidedAt()),
                        versioned.decidedBy(), versioned.decisionReason(), ts(versioned.endedAt()), versioned.endedBy(),
                        versioned.endReason(), versioned.cancelled(), versioned.version(), versioned.id(),
                        previous.version())
                .update();
        approved.changed();
        if (updated != 1) {
            throw new IllegalStateException("sharing request " + previous.id() + " was changed meanwhile; reload it");
        }
        return versioned;
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Date date(LocalDate day) {
        return day == null ? null : Date.valueOf(day);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getString("id"), rs.getString("resource"),
            rs.getString("provider"), rs.getString("requester"), SharingRequest.State.valueOf(rs.getString("state")),
            CatalogJson.read(rs.getString("definition"), Terms.class), rs.getString("secret_token"),
            readViews(rs.getString("granted")), instant(rs, "submitted_at"), rs.getString("submitted_by"),
            instant(rs, "valid_until"), rs.getDate("deadline") == null ? null : rs.getDate("deadline").toLocalDate(),
            rs.getString("extension_reason"), rs.getBoolean("overdue_flagged"), instant(rs, "decided_at"),
            rs.getString("decided_by"), rs.getString("decision_reason"), instant(rs, "ended_at"),
            rs.getString("ended_by"), rs.getString("end_reason"), rs.getInt("cancelled"), rs.getInt("version"));

    private static Map<String, FieldView> readViews(String json) {
        try {
            return CatalogJson.JSON.readValue(json, VIEWS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable granted views in the database", e);
        }
    }
}
