package org.exchangehub.catalog;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;

import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.catalog.SharingRequest.State;
import org.exchangehub.catalog.internal.CatalogProperties;
import org.exchangehub.catalog.internal.RequestStore;
import org.exchangehub.catalog.internal.RequestStore.Row;
import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.exchangehub.protect.PayloadVault;
import org.springframework.stereotype.Component;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * What {@link SharingRequests} and {@link SharingDecisions} share: who sees a request and on which side of it the
 * caller stands, making and ending its grant, its audit events and the view callers get. Called inside the
 * caller's transaction.
 */
@Component
class RequestSteps {

    /** The vault kind of a request's webhook secret (sealed when filed, opened when granted). */
    static final String SECRET_KIND = "sharing-request-secret";
    static final String APPROVER = "APPROVER";
    static final String DEPARTMENT_ADMIN = "DEPARTMENT_ADMIN";
    static final String DEPARTMENT = "DEPARTMENT";

    private final CatalogProperties properties;
    private final RequestStore store;
    private final Subscriptions subscriptions;
    private final PayloadVault vault;
    private final AuditLog audit;
    private final Clock clock;

    RequestSteps(CatalogProperties properties, RequestStore store, Subscriptions subscriptions, PayloadVault vault,
            AuditLog audit, Clock clock) {
        this.properties = properties;
        this.store = store;
        this.subscriptions = subscriptions;
        this.vault = vault;
        this.audit = audit;
        this.clock = clock;
    }

    // --- who

    /** A request the caller may see; one it may not is "not found", like one that does not exist. */
    Row visible(String id) {
        Row row = store.find(id).orElseThrow(() -> new NoSuchElementException("no sharing request '" + id + "'"));
        if (staff()) {
            return row;
        }
        String department = CallingDepartment.actingFor().orElse(null);
        if (!row.requester().equals(department) && !row.provider().equals(department)) {
            throw new NoSuchElementException("no sharing request '" + id + "'");
        }
        return row;
    }

    /** ADMIN and AUDITOR read every request. */
    static boolean staff() {
        return CallingDepartment.hasRole("ADMIN") || CallingDepartment.hasRole("AUDITOR");
    }

    /** The caller is an APPROVER or DEPARTMENT_ADMIN of the request's provider. */
    static boolean providerSide(Row row) {
        return (CallingDepartment.hasRole(APPROVER) || CallingDepartment.hasRole(DEPARTMENT_ADMIN))
                && CallingDepartment.actingFor().map(row.provider()::equals).orElse(false);
    }

    /** The caller is the requesting department's system or its DEPARTMENT_ADMIN. */
    static boolean requesterSide(Row row) {
        return (CallingDepartment.hasRole(DEPARTMENT) || CallingDepartment.hasRole(DEPARTMENT_ADMIN))
                && CallingDepartment.actingFor().map(row.requester()::equals).orElse(false);
    }

    // --- grants

    /**
     * Makes or changes the request's grant: a subscription with the request's id and its granted views. A grant of a
     * verification service is the approved request itself ({@link SharingRequests#serviceGrant}): nothing to make.
     */
    void grant(Row row, String actor) {
        DeliveryChannel c = row.terms().form().channel();
        if (c == null) {
            return;
        }
        String secret = row.secretToken() == null ? null
                : new String(vault.open(SECRET_KIND, row.id(), row.secretToken()), UTF_8);
        SharingRequestForm form = row.terms().form();
        Subscription subscription = new Subscription(row.id(), row.requester(), row.terms().recordType(),
                form.purpose(), form.legalBasis(), new SubscriptionFilter(null, List.of(row.provider()), null, null),
                row.granted(), new DeliveryChannel(c.type(), c.url(), c.format(), secret));
        subscriptions.grant(subscription, row.validUntil(), actor);
    }

    /** Ends the request (EXPIRED or REVOKED) and its grant, cancelling the deliveries still owed. */
    Row end(Row row, State state, String actor, String reason) {
        int cancelled = subscriptions.endGrant(row.id(), actor);
        Row next = store.update(row, with(row, state, Map.of(), row.deadline(), row.extensionReason(), row.decidedAt(),
                row.decidedBy(), row.decisionReason(), clock.instant(), actor, reason, cancelled));
        audit.append(event(next, actor, state.name(), Map.of(), state.name().toLowerCase() + ": " + reason
                + "; " + cancelled + " pending deliveries cancelled"));
        return next;
    }

    /** The row in a new state, decision and end; terms and overdue flag unchanged. */
    static Row with(Row row, State state, Map<String, FieldView> granted, LocalDate deadline,
            String extensionReason, Instant decidedAt, String decidedBy, String decisionReason, Instant endedAt,
            String endedBy, String endReason, int cancelled) {
        return new Row(row.id(), row.resource(), row.provider(), row.requester(), state, row.terms(), row.secretToken(),
                granted, row.submittedAt(), row.submittedBy(), row.validUntil(), deadline, extensionReason,
                row.overdueFlagged(), decidedAt, decidedBy, decisionReason, endedAt, endedBy, endReason, cancelled, 0);
    }

    // --- events

    void record(Row row, String actor, String action, Map<String, FieldView> views, String detail) {
        audit.append(event(row, actor, action, views, detail));
    }

    private static AuditEntry event(Row row, String actor, String action, Map<String, FieldView> views, String detail) {
        Map<String, String> fields = new TreeMap<>();
        views.forEach((field, view) -> fields.put(field, view.name()));
        SharingRequestForm form = row.terms().form();
        return new AuditEntry(actor, action, null, null, null, row.provider(), row.requester(), row.id(),
                form.purpose(), form.legalBasis(), fields, null, "OK", "sharing request " + row.id() + ": " + detail);
    }

    /** Free text from people, for the audit log: at most 500 characters, digit runs that could be numbers blanked. */
    static String clean(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String cleaned = text.strip().replaceAll("\\d{6,}", "#");
        return cleaned.length() > 500 ? cleaned.substring(0, 500) : cleaned;
    }

    // --- views and time

    SharingRequest view(Row row) {
        boolean active = row.terms().form().channel() == null ? serviceGrantActive(row)
                : subscriptions.versioned(row.id()).map(v -> v.validAt(clock.instant())).orElse(false);
        return row.asRequest(active, today());
    }

    /** Whether a verification service's request is a grant in force: approved, and its validity not over. */
    boolean serviceGrantActive(Row row) {
        return row.state() == State.APPROVED && clock.instant().isBefore(row.validUntil());
    }

    Instant now() {
        return clock.instant();
    }

    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), properties.timeZone());
    }

    /** The end of a validity's last day in the hub's zone: the instant the grant stops. */
    Instant endOf(LocalDate validUntil) {
        return validUntil.plusDays(1).atStartOfDay(properties.timeZone()).toInstant();
    }
}
