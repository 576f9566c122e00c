package org.exchangehub.audit;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.exchangehub.ingest.ElementCheck;
import org.exchangehub.ingest.ResidentIdNumber;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.schema.PiiCategory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Who received what about this person, when, for which purpose and under which legal basis — from an identity
 * number, turned at once into its blind index (the number itself is never stored, logged or returned), every
 * record about the person, where it came from, and every delivery of it with the fields disclosed and the view
 * of each. Producing a report is itself audited ({@code SUBJECT_REPORT}).
 */
@Service
public class DataSubjectReport {

    /**
     * A delivery of a record about the person.
     *
     * @param authority what authorized the subscription when the record went out: the sharing request's approval
     *                  (or its unconditional grant), or the last configuration change of an admin-made subscription,
     *                  e.g. {@code APPROVED sr-2026-000001 by police.approver at 2026-11-23T02:00:00.000Z (audit #812)}
     */
    public record Delivery(String at, String to, String subscriptionId, String purpose, String legalBasis,
            Map<String, String> fields, String authority) {
    }

    /** A record about the person and its deliveries. */
    public record Entry(String recordId, String recordType, String sourceDepartment, String receivedAt,
            List<String> matchedFields, List<Delivery> deliveries) {
    }

    /** The report. {@code subject} is the blind index, never the identity number. */
    public record Report(String subject, String generatedAt, List<Entry> records) {
    }

    private final JdbcClient jdbc;
    private final RecordProtection protection;
    private final AuditLog log;
    private final Clock clock;

    DataSubjectReport(JdbcClient jdbc, RecordProtection protection, AuditLog log, Clock clock) {
        this.jdbc = jdbc;
        this.protection = protection;
        this.log = log;
        this.clock = clock;
    }

    /**
     * The report for an identity number.
     *
     * @throws IllegalArgumentException when the number is not a valid resident ID number (the reason code, never
     *                                  the number, is in the message)
     */
    public Report forIdNumber(String idNumber, String actor) {
        ElementCheck<String> checked = ResidentIdNumber.check(idNumber);
        if (!checked.isValid()) {
            throw new IllegalArgumentException("not a valid resident ID number: " + checked.reason());
        }
        String token = protection.blindIndex(PiiCategory.ID_NUMBER, checked.value());
        List<Entry> records = new ArrayList<>();
        List<AuditEvent> published = jdbc.sql("""
                SELECT e.* FROM audit_event e JOIN audit_subject_index s ON s.seq = e.seq
                WHERE s.token = ? AND e.action = 'PUBLISHED' ORDER BY e.seq""").param(token)
                .query(AuditVerifier.EVENT).list();
        int deliveries = 0;
        for (AuditEvent record : published) {
            List<Delivery> delivered = jdbc.sql("SELECT * FROM audit_event WHERE record_id = ? AND action = 'DELIVERED'"
                    + " ORDER BY seq").param(record.recordId()).query(AuditVerifier.EVENT).list().stream()
                    .map(d -> new Delivery(AuditEvent.TIME.format(d.at()), d.targetDepartment(), d.subscriptionId(),
                            d.purpose(), d.legalBasis(), d.fields(), authority(d)))
                    .toList();
            deliveries += delivered.size();
            List<String> fields = record.subjectIndexes().entrySet().stream().filter(e -> e.getValue().equals(token))
                    .map(Map.Entry::getKey).toList();
            String subject = record.subject();
            records.add(new Entry(record.recordId(), subject == null ? null : subject.replace("-value", ""),
                    record.sourceDepartment(), AuditEvent.TIME.format(record.at()), fields, delivered));
        }
        log.append(new AuditEntry(actor, "SUBJECT_REPORT", null, null, null, null, null, null, null, null, null,
                Map.of("idNumber", token), "OK", records.size() + " records, " + deliveries + " deliveries"));
        return new Report(token, AuditEvent.TIME.format(clock.instant()), records);
    }

    /** The event that last authorized a delivery's subscription before it, as one line; null when none is found. */
    private String authority(AuditEvent delivery) {
        if (delivery.subscriptionId() == null) {
            return null;
        }
        // an approval (sharing request) is the authority when there is one; else the subscription's last change
        return latest(delivery, "APPROVED").or(() -> latest(delivery, "ADMIN_CHANGE"))
                .map(e -> ("APPROVED".equals(e.action()) ? "APPROVED " + e.subscriptionId()
                        : "subscription " + e.subscriptionId() + " set") + " by " + e.actor() + " at "
                        + AuditEvent.TIME.format(e.at()) + " (audit #" + e.seq() + ")")
                .orElse(null);
    }

    private java.util.Optional<AuditEvent> latest(AuditEvent delivery, String action) {
        return jdbc.sql("SELECT * FROM audit_event WHERE subscription_id = ? AND seq < ? AND action = ?"
                + " ORDER BY seq DESC LIMIT 1").params(delivery.subscriptionId(), delivery.seq(), action)
                .query(AuditVerifier.EVENT).optional();
    }

    /** The report as CSV (UTF-8, header, one row per delivery; records never delivered get one row). */
    public static String csv(Report report) {
        StringBuilder csv = new StringBuilder(
                "subject,recordId,recordType,sourceDepartment,receivedAt,matchedFields,deliveredAt,to,subscription,purpose,legalBasis,fields,authority\r\n");
        for (Entry record : report.records()) {
            List<Delivery> deliveries = record.deliveries().isEmpty() ? java.util.Collections.singletonList(null)
                    : record.deliveries();
            for (Delivery delivery : deliveries) {
                List<String> cells = List.of(report.subject(), record.recordId(), String.valueOf(record.recordType()),
                        String.valueOf(record.sourceDepartment()), record.receivedAt(),
                        String.join(" ", record.matchedFields()), delivery == null ? "" : delivery.at(),
                        delivery == null ? "" : String.valueOf(delivery.to()),
                        delivery == null ? "" : String.valueOf(delivery.subscriptionId()),
                        delivery == null ? "" : String.valueOf(delivery.purpose()),
                        delivery == null ? "" : String.valueOf(delivery.legalBasis()),
                        delivery == null ? "" : CanonicalJson.write(delivery.fields()),
                        delivery == null || delivery.authority() == null ? "" : delivery.authority());
                csv.append(cells.stream().map(DataSubjectReport::cell).collect(java.util.stream.Collectors.joining(",")))
                        .append("\r\n");
            }
        }
        return csv.toString();
    }

    private static String cell(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
