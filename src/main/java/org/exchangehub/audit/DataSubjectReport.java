package org.exchangehub.audit;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.exchangehub.exchange.Journal;
import org.exchangehub.ingest.ElementCheck;
import org.exchangehub.ingest.ResidentIdNumber;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.schema.PiiCategory;
import org.exchangehub.schema.RecordJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Who received what about this person, when, for which purpose and under which legal basis — from an identity
 * number, turned at once into its blind index (the number itself is never stored, logged or returned), every
 * record about the person, where it came from, and every delivery of it with the fields disclosed and the view
 * of each, and who checked the person through a verification service. Producing a report is itself audited
 * ({@code SUBJECT_REPORT}).
 */
@Service
public class DataSubjectReport {

    /**
     * A delivery of a record about the person.
     *
     * @param authority    what authorized the subscription when the record went out: the sharing request's
     *                     approval (or its unconditional grant), or the last configuration change of an admin-made
     *                     subscription, e.g. {@code APPROVED sr-2026-000001 by police-approver (audit #812 of
     *                     node-1)}
     * @param authorizedAt when that happened
     */
    public record Delivery(String at, String to, String subscriptionId, String purpose, String legalBasis,
            Map<String, String> fields, String authority, String authorizedAt) {
    }

    /** A record about the person and its deliveries. */
    public record Entry(String recordId, String recordType, String sourceDepartment, String receivedAt,
            List<String> matchedFields, List<Delivery> deliveries) {
    }

    /**
     * A verification service's answer about the person, or a query service's call that concerned the person: who
     * asked, when, why, for which case, and what the hub answered (MATCH, NO_MATCH, NOT_ON_FILE; for a query how the
     * call ended, e.g. ANSWERED) from whose records.
     */
    public record Check(String at, String by, String service, String provider, String purpose, String caseReference,
            String answer) {
    }

    /**
     * The report. {@code subject} is the blind index, never the identity number. Times are in the hub's one JSON form
     * ({@link RecordJson#time}). {@code checks}: who checked or looked the person up through a verification
     * or query service.
     */
    public record Report(String subject, String generatedAt, List<Entry> records, List<Check> checks) {
    }

    private final JdbcClient jdbc;
    private final Journal journal;
    private final RecordEvents events;
    private final RecordProtection protection;
    private final AuditLog log;
    private final Clock clock;

    DataSubjectReport(JdbcClient jdbc, Journal journal, RecordEvents events, RecordProtection protection,
            AuditLog log, Clock clock) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.events = events;
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
        int deliveries = 0;
        List<String> subscriptions = events.subscriptionsWithBatches();
        for (Published found : published(token)) {
            List<Delivery> delivered = deliveries(events.deliveries(found.recordId(), found.position(), subscriptions),
                    found.recordId());
            deliveries += delivered.size();
            records.add(new Entry(found.recordId(), recordType(found.subject()), found.event().sourceDepartment(),
                    RecordJson.time(found.event().at()), found.fields(), delivered));
        }
        List<Check> checks = checks(token);
        log.append(new AuditEntry(actor, "SUBJECT_REPORT", null, null, null, null, null, null, null, null, null,
                Map.of("idNumber", token), "OK", records.size() + " records, " + deliveries + " deliveries, "
                        + checks.size() + " checks"));
        return new Report(token, RecordJson.time(clock.instant()), records, checks);
    }

    /** A record about the person as its PUBLISHED event names it; position 0 for a per-record event. */
    private record Published(AuditEvent event, int place, String recordId, String subject, long position,
            List<String> fields) {
    }

    /**
     * The records published about the person, in the order of their events. Records of batch events are found
     * through the journal's blind indexes (the record's position leads to its event); the subject index holds
     * per-record events from before batch events and batch events written before the journal was asked.
     */
    private List<Published> published(String token) {
        Map<String, Published> found = new LinkedHashMap<>();
        journal.positionsWithBlindIndex(token).forEach((recordId, position) -> events.published(recordId, position)
                .ifPresent(event -> add(found, event, token, placeOf(event, recordId))));
        jdbc.sql("""
                SELECT e.* FROM audit_event e JOIN audit_subject_index s ON s.node_id = e.node_id AND s.seq = e.seq
                WHERE s.token = ? AND e.action = 'PUBLISHED'""").param(token).query(AuditVerifier.EVENT).list()
                .forEach(event -> {
                    if (event.records() == null) {
                        found.putIfAbsent(event.recordId(), new Published(event, 0, event.recordId(), event.subject(),
                                0, matched(event.subjectIndexes(), token)));
                    } else {
                        for (int place = 0; place < event.records().size(); place++) {
                            add(found, event, token, place);
                        }
                    }
                });
        return found.values().stream().sorted(Comparator.comparing(Published::event, RecordEvents.IN_TIME)
                .thenComparingInt(Published::place)).toList();
    }

    /** Where the batch event names the record (it does: {@link RecordEvents#published} found it by that). */
    private static int placeOf(AuditEvent event, String recordId) {
        int place = 0;
        while (!recordId.equals(event.records().get(place).get("recordId"))) {
            place++;
        }
        return place;
    }

    /**
     * The record the batch event names at {@code place}, when the person's blind index is among its fields' and the
     * record is not found yet.
     */
    @SuppressWarnings("unchecked")
    private static void add(Map<String, Published> found, AuditEvent event, String token, int place) {
        Map<String, Object> record = event.records().get(place);
        String recordId = (String) record.get("recordId");
        List<String> fields = matched((Map<String, String>) record.getOrDefault("subjectIndexes", Map.of()), token);
        if (!fields.isEmpty() && !found.containsKey(recordId)) {
            found.put(recordId, new Published(event, place, recordId, (String) record.get("subject"),
                    ((Number) record.get("position")).longValue(), fields));
        }
    }

    /** The verification questions about the person, oldest first, across the nodes' chains. */
    private List<Check> checks(String token) {
        List<Check> checks = new ArrayList<>();
        jdbc.sql("SELECT e.* FROM audit_event e JOIN audit_subject_index s ON s.node_id = e.node_id AND s.seq = e.seq"
                + " WHERE s.token = ? AND e.action IN ('VERIFIED', 'QUERIED') ORDER BY e.at, e.node_id, e.seq")
                .param(token)
                .query(AuditVerifier.EVENT).list().forEach(event -> {
                    VerifiedDetail detail = VerifiedDetail.parse(event.detail());
                    if (detail != null) {
                        String by = event.targetDepartment() == null ? event.actor() : event.targetDepartment();
                        checks.add(new Check(RecordJson.time(event.at()), by, detail.service(),
                                event.sourceDepartment(), event.purpose(), detail.caseReference(), event.outcome()));
                    }
                });
        return checks;
    }

    /** A record's deliveries from the events that name it: when, to whom, for what, and the view of each field. */
    @SuppressWarnings("unchecked")
    private List<Delivery> deliveries(List<AuditEvent> events, String recordId) {
        List<Delivery> deliveries = new ArrayList<>();
        for (AuditEvent d : events) {
            Map<String, Object> named = RecordEvents.named(d, recordId);
            Map<String, String> fields = named == null ? d.fields() : (Map<String, String>) named.get("fields");
            AuditEvent authority = authority(d);
            deliveries.add(new Delivery(RecordJson.time(d.at()), d.targetDepartment(), d.subscriptionId(),
                    d.purpose(), d.legalBasis(), fields, authority == null ? null : describe(authority),
                    authority == null ? null : RecordJson.time(authority.at())));
        }
        return deliveries;
    }

    private static List<String> matched(Map<String, String> indexes, String token) {
        return indexes.entrySet().stream().filter(e -> e.getValue().equals(token)).map(Map.Entry::getKey).toList();
    }

    private static String recordType(String subject) {
        return subject == null ? null : subject.replace("-value", "");
    }

    /** The event that last authorized a delivery's subscription before it; null when none is found. */
    private AuditEvent authority(AuditEvent delivery) {
        if (delivery.subscriptionId() == null) {
            return null;
        }
        // an approval (sharing request) is the authority when there is one; else the subscription's last change
        return latest(delivery, "APPROVED").or(() -> latest(delivery, "ADMIN_CHANGE")).orElse(null);
    }

    private static String describe(AuditEvent authority) {
        return ("APPROVED".equals(authority.action()) ? "APPROVED " + authority.subscriptionId()
                : "subscription " + authority.subscriptionId() + " set") + " by " + authority.actor() + " (audit #"
                + authority.seq() + " of " + authority.node() + ")";
    }

    private Optional<AuditEvent> latest(AuditEvent delivery, String action) {
        // before the delivery: earlier, or earlier in the same chain (events of one millisecond)
        return jdbc.sql("SELECT * FROM audit_event WHERE subscription_id = ? AND action = ? AND (at < ?"
                + " OR (node_id = ? AND seq < ? AND at = ?)) ORDER BY at DESC, seq DESC FETCH FIRST 1 ROWS ONLY")
                .params(delivery.subscriptionId(), action, Timestamp.from(delivery.at()), delivery.node(),
                        delivery.seq(), Timestamp.from(delivery.at()))
                .query(AuditVerifier.EVENT).optional();
    }

    /**
     * The report as CSV (UTF-8, header, one row per delivery; records never delivered get one row). Each check by a
     * verification service is a row of its own after them: the provider as source, the time in {@code deliveredAt},
     * the asking department in {@code to}, and {@code service}, {@code caseReference}, {@code answer}.
     */
    public static String csv(Report report) {
        StringBuilder csv = new StringBuilder("subject,recordId,recordType,sourceDepartment,receivedAt,matchedFields,"
                + "deliveredAt,to,subscription,purpose,legalBasis,fields,authority,authorizedAt,service,caseReference,"
                + "answer\r\n");
        for (Entry record : report.records()) {
            List<Delivery> deliveries = record.deliveries().isEmpty() ? Collections.singletonList(null)
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
                        delivery == null || delivery.authority() == null ? "" : delivery.authority(),
                        delivery == null || delivery.authorizedAt() == null ? "" : delivery.authorizedAt(), "", "", "");
                csv.append(cells.stream().map(DataSubjectReport::cell).collect(Collectors.joining(",")))
                        .append("\r\n");
            }
        }
        for (Check check : report.checks()) {
            csv.append(String.join(",", List.of(report.subject(), "", "", cell(String.valueOf(check.provider())), "",
                    "idNumber", check.at(), cell(check.by()), "", cell(String.valueOf(check.purpose())), "", "", "", "",
                    cell(check.service()), cell(check.caseReference()), check.answer()))).append("\r\n");
        }
        return csv.toString();
    }

    private static String cell(String value) {
        return value.contains(",") || value.contains("\"") || value.contains("\n")
                ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
