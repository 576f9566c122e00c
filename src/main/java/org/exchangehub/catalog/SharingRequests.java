package org.exchangehub.catalog;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
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
import org.exchangehub.catalog.internal.RequestStore.Terms;
import org.exchangehub.catalog.internal.RequestTerms;
import org.exchangehub.catalog.internal.SamplePreview;
import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.exchangehub.protect.PayloadVault;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.PiiField;
import org.exchangehub.schema.RegisteredSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Conditional sharing (政务数据共享条例): a department requests a catalog resource with purpose, legal basis, fields and
 * views, validity and channel; unconditional parts are granted at once, conditional ones wait for the provider's
 * APPROVER or DEPARTMENT_ADMIN, who approves (possibly with narrower views), rejects with a reason, or extends the
 * deadline once. A grant is a subscription with the request's id (origin GRANT): made or changed by approval, ended
 * at the validity's end or on revocation, when the deliveries it still owed are cancelled. Each step is an audit
 * event (REQUESTED, APPROVED, REJECTED, EXTENDED, EXPIRED, REVOKED) carrying the request's id as subscription id,
 * purpose and legal basis, so a data subject's report can show the authority of every disclosure.
 * <p>
 * Who may do what: the requesting department (its system's key or its DEPARTMENT_ADMIN) requests, previews and
 * revokes; the provider's APPROVER or DEPARTMENT_ADMIN approves, rejects, extends and revokes; both parties read
 * their requests; ADMIN and AUDITOR read all of them. Anyone else is refused, and a request another department
 * cannot see is "not found" to it.
 */
@Service
public class SharingRequests {

    private static final Logger log = LoggerFactory.getLogger(SharingRequests.class);
    private static final String SECRET_KIND = "sharing-request-secret";
    private static final String APPROVER = "APPROVER";
    private static final String DEPARTMENT_ADMIN = "DEPARTMENT_ADMIN";
    private static final String DEPARTMENT = "DEPARTMENT";

    private final CatalogProperties properties;
    private final WorkingDays workingDays;
    private final Catalog catalog;
    private final RequestStore store;
    private final Subscriptions subscriptions;
    private final CanonicalSchemas schemas;
    private final RecordProtection protection;
    private final PayloadVault vault;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    SharingRequests(CatalogProperties properties, WorkingDays workingDays, Catalog catalog, RequestStore store,
            Subscriptions subscriptions, CanonicalSchemas schemas, RecordProtection protection, PayloadVault vault,
            AuditLog audit, TransactionTemplate transactions, Clock clock) {
        this.properties = properties;
        this.workingDays = workingDays;
        this.catalog = catalog;
        this.store = store;
        this.subscriptions = subscriptions;
        this.schemas = schemas;
        this.protection = protection;
        this.vault = vault;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * Files a request for the calling department.
     *
     * @throws NoSuchElementException   for an unknown resource
     * @throws IllegalArgumentException naming every problem of the form (NOT_SHARED fields, views wider than the
     *                                  catalog allows, a validity in the past…); nothing is stored
     */
    public SharingRequest submit(SharingRequestForm form, String actor) {
        String requester = CallingDepartment.actingFor()
                .filter(d -> CallingDepartment.hasRole(DEPARTMENT) || CallingDepartment.hasRole(DEPARTMENT_ADMIN))
                .orElseThrow(() -> new AccessDeniedException("only a department (its system or its DEPARTMENT_ADMIN)"
                        + " makes sharing requests"));
        CatalogEntry entry = catalog.entry(form.resource());
        checkForm(form, entry, requester);
        Instant now = clock.instant();
        LocalDate today = today();
        Map<String, SharingAttribute> fieldSharing = new TreeMap<>();
        form.fields().keySet().forEach(field -> fieldSharing.put(field, entry.sharingOf(field)));
        Terms terms = new Terms(form.withoutSecret(), entry.recordType(), entry.sharing(), fieldSharing);
        boolean openResource = entry.sharing() == SharingAttribute.UNCONDITIONAL;
        Map<String, FieldView> atOnce = new TreeMap<>();
        List<String> waiting = new ArrayList<>();
        form.fields().forEach((field, view) -> {
            if (openResource && fieldSharing.get(field) == SharingAttribute.UNCONDITIONAL) {
                atOnce.put(field, view);
            } else {
                waiting.add(field);
            }
        });
        boolean decided = openResource && waiting.isEmpty();
        return transactions.execute(status -> {
            String id = store.nextId(today.getYear());
            String secret = form.channel().secret();
            String token = secret == null || secret.isEmpty() ? null
                    : vault.seal(SECRET_KIND, id, secret.getBytes(UTF_8));
            Row row = new Row(id, entry.code(), entry.provider(), requester, decided ? State.APPROVED : State.PENDING,
                    terms, token, atOnce, now, actor, endOf(form.validUntil()),
                    decided ? null : workingDays.plus(today, properties.answerDays()), null, false,
                    decided ? now : null, decided ? "hub" : null,
                    decided ? "unconditional sharing (无条件共享): granted at once" : null, null, null, null, 0, 1);
            store.insert(row);
            audit.append(event(row, actor, "REQUESTED", form.fields(), "resource " + entry.code() + " ("
                    + entry.sharing() + ")" + (atOnce.isEmpty() ? "" : "; granted at once " + atOnce.keySet())
                    + (waiting.isEmpty() ? "" : "; waiting for the provider " + waiting + ", answer due "
                            + row.deadline())
                    + "; valid until " + form.validUntil()));
            if (decided) {
                audit.append(event(row, "hub", "APPROVED", atOnce, "unconditional sharing: granted at once"));
            }
            if (openResource) {
                grant(row, actor);
            }
            return view(row);
        });
    }

    /** What the form would receive, checked like a request but nothing stored (Once-Only preview). */
    public SharingPreview preview(SharingRequestForm form) {
        CatalogEntry entry = catalog.entry(form.resource());
        String requester = CallingDepartment.actingFor().orElse(null);
        checkForm(form, entry, requester);
        return preview(entry.code(), entry.provider(), entry.recordType(), form.fields());
    }

    /** What a request would receive (or receives) with the views it asked for. */
    public SharingPreview preview(String id) {
        Row row = visible(id);
        return preview(row.resource(), row.provider(), row.terms().recordType(), row.terms().form().fields());
    }

    /**
     * Approves a PENDING request, with the requested views or narrower ones ({@code views}: field → view, OMIT
     * refuses a field; fields not listed get the view asked for), and grants it.
     */
    public SharingRequest approve(String id, Map<String, FieldView> views, String comment, String actor) {
        return transactions.execute(status -> {
            Row row = decidable(id);
            Map<String, FieldView> requested = row.terms().form().fields();
            Map<String, FieldView> narrowed = views == null ? Map.of() : views;
            List<String> problems = new ArrayList<>();
            narrowed.forEach((field, view) -> {
                if (!requested.containsKey(field)) {
                    problems.add("views." + field + ": not requested " + requested.keySet());
                } else if (row.granted().containsKey(field)) {
                    problems.add("views." + field + ": unconditional, granted at once");
                } else if (view == null || CatalogEntry.width(view) > CatalogEntry.width(requested.get(field))) {
                    problems.add("views." + field + ": " + view + " is wider than the " + requested.get(field)
                            + " requested");
                }
            });
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            Map<String, FieldView> granted = new TreeMap<>(row.granted());
            requested.forEach((field, view) -> {
                FieldView decision = narrowed.getOrDefault(field, view);
                if (decision != FieldView.OMIT && !row.granted().containsKey(field)) {
                    granted.put(field, decision);
                }
            });
            Instant now = clock.instant();
            Row next = store.update(row, with(row, State.APPROVED, granted, row.deadline(), row.extensionReason(),
                    now, actor, clean(comment), null, null, null, 0));
            List<String> refused = requested.keySet().stream().filter(f -> !granted.containsKey(f)).toList();
            List<String> narrower = granted.entrySet().stream()
                    .filter(e -> e.getValue() != requested.get(e.getKey())).map(Map.Entry::getKey).toList();
            audit.append(event(next, actor, "APPROVED", granted, "approved"
                    + (narrower.isEmpty() ? "" : "; narrower views " + narrower)
                    + (refused.isEmpty() ? "" : "; refused " + refused)
                    + (next.decisionReason() == null ? "" : "; comment: " + next.decisionReason())));
            grant(next, actor);
            return view(next);
        });
    }

    /** Rejects a PENDING request with a reason; what was granted at once (unconditional fields) stays granted. */
    public SharingRequest reject(String id, String reason, String actor) {
        return transactions.execute(status -> {
            Row row = decidable(id);
            Row next = store.update(row, with(row, State.REJECTED, row.granted(), row.deadline(),
                    row.extensionReason(), clock.instant(), actor, clean(reason), null, null, null, 0));
            audit.append(event(next, actor, "REJECTED", Map.of(), "rejected: " + next.decisionReason()));
            return view(next);
        });
    }

    /** Extends a PENDING request's deadline once, before it passes, by {@code hub.catalog.extension-days}. */
    public SharingRequest extend(String id, String reason, String actor) {
        return transactions.execute(status -> {
            Row row = decidable(id);
            if (row.extensionReason() != null) {
                throw new IllegalStateException("sharing request " + id + " was extended already (once at most)");
            }
            if (today().isAfter(row.deadline())) {
                throw new IllegalStateException("sharing request " + id + ": the deadline " + row.deadline()
                        + " has passed; approve or reject it");
            }
            LocalDate deadline = workingDays.plus(row.deadline(), properties.extensionDays());
            Row next = store.update(row, new Row(row.id(), row.resource(), row.provider(), row.requester(),
                    row.state(), row.terms(), row.secretToken(), row.granted(), row.submittedAt(), row.submittedBy(),
                    row.validUntil(), deadline, clean(reason), false, null, null, null, null, null, null, 0, 0));
            audit.append(event(next, actor, "EXTENDED", Map.of(), "answer due " + deadline + " (was "
                    + row.deadline() + "): " + next.extensionReason()));
            return view(next);
        });
    }

    /**
     * Revokes a request or its grant (the provider's approvers, or the requester withdrawing): nothing more flows, and
     * deliveries still owed are cancelled.
     */
    public SharingRequest revoke(String id, String reason, String actor) {
        return transactions.execute(status -> {
            Row row = visible(id);
            if (!providerSide(row) && !requesterSide(row)) {
                throw new AccessDeniedException("not a party to sharing request " + id);
            }
            if (row.state() == State.EXPIRED || row.state() == State.REVOKED) {
                throw new IllegalStateException("sharing request " + id + " is " + row.state() + " already");
            }
            return view(end(row, State.REVOKED, actor, clean(reason)));
        });
    }

    /**
     * Ends grants whose validity is over (EXPIRED, deliveries still owed cancelled), expires pending requests whose
     * validity ended unanswered, and flags requests that passed their deadline unanswered (once each, for admins).
     *
     * @return requests expired by this run
     */
    public int sweep() {
        int expired = 0;
        for (Row row : store.expiredBy(clock.instant())) {
            if (row.state() == State.REJECTED && subscriptions.versioned(row.id()).isEmpty()) {
                continue; // a plain rejection stays REJECTED; only a grant made at once has to end
            }
            try {
                transactions.executeWithoutResult(status -> end(store.find(row.id()).orElseThrow(), State.EXPIRED,
                        "hub", "validity ended " + row.terms().form().validUntil()));
                expired++;
            } catch (IllegalStateException e) {
                log.info("Sharing request {} changed while expiring; the next sweep looks again", row.id());
            }
        }
        for (Row row : store.newlyOverdue(today())) {
            transactions.executeWithoutResult(status -> store.update(row, new Row(row.id(), row.resource(),
                    row.provider(), row.requester(), row.state(), row.terms(), row.secretToken(), row.granted(),
                    row.submittedAt(), row.submittedBy(), row.validUntil(), row.deadline(), row.extensionReason(), true,
                    null, null, null, null, null, null, 0, 0)));
            log.warn("Sharing request {} from {} to {} is overdue: the answer was due {}", row.id(), row.requester(),
                    row.provider(), row.deadline());
        }
        return expired;
    }

    /** Requests the caller may see, newest first, optionally of one state or overdue only. */
    public List<SharingRequest> list(State state, boolean overdueOnly) {
        String department = staff() ? null : CallingDepartment.actingFor()
                .orElseThrow(() -> new AccessDeniedException("not a party to sharing requests"));
        LocalDate today = today();
        return store.list(department, overdueOnly ? State.PENDING : state).stream()
                .filter(row -> !overdueOnly || row.overdueOn(today)).map(this::view).toList();
    }

    /** Overdue requests: all of them for staff, else those to or from the caller's department. */
    public long overdueCount() {
        if (!staff() && CallingDepartment.actingFor().isEmpty()) {
            return 0;
        }
        return list(State.PENDING, true).size();
    }

    /** A request the caller may see. */
    public SharingRequest get(String id) {
        return view(visible(id));
    }

    /** The working days left to answer a PENDING request (negative when overdue). */
    public int workingDaysLeft(SharingRequest request) {
        return request.deadline() == null ? 0 : workingDays.between(today(), request.deadline());
    }

    // --- checks

    private void checkForm(SharingRequestForm form, CatalogEntry entry, String requester) {
        if (entry.sharing() == SharingAttribute.NOT_SHARED) {
            throw new IllegalArgumentException("resource " + entry.code() + " is NOT_SHARED (不予共享): it cannot be"
                    + " requested");
        }
        RegisteredSchema schema = schemas.forRecordType(entry.recordType())
                .orElseThrow(() -> new IllegalStateException("catalog resource " + entry.code() + ": record type "
                        + entry.recordType() + " is not in the registry"));
        List<String> pii = protection.piiFields(schema.schema()).stream().map(PiiField::name).toList();
        List<String> problems = RequestTerms.problems(form, entry, requester, pii, today(),
                properties.maxValidity().toDays());
        if (requester != null && subscriptions.department(requester).isEmpty()) {
            problems.add("requester '" + requester + "' is not a known department");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** A PENDING request the caller may decide: the provider's approver, before its validity ended. */
    private Row decidable(String id) {
        Row row = visible(id);
        if (!providerSide(row)) {
            throw new AccessDeniedException("only an APPROVER or DEPARTMENT_ADMIN of " + row.provider()
                    + " decides sharing request " + id);
        }
        if (row.state() != State.PENDING) {
            throw new IllegalStateException("sharing request " + id + " is " + row.state() + "; only PENDING requests"
                    + " are decided");
        }
        if (!clock.instant().isBefore(row.validUntil())) {
            throw new IllegalStateException("sharing request " + id + ": its validity ended "
                    + row.terms().form().validUntil() + "; it expires and cannot be decided");
        }
        return row;
    }

    private Row visible(String id) {
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

    private static boolean staff() {
        return CallingDepartment.hasRole("ADMIN") || CallingDepartment.hasRole("AUDITOR");
    }

    private static boolean providerSide(Row row) {
        return (CallingDepartment.hasRole(APPROVER) || CallingDepartment.hasRole(DEPARTMENT_ADMIN))
                && CallingDepartment.actingFor().map(row.provider()::equals).orElse(false);
    }

    private static boolean requesterSide(Row row) {
        return (CallingDepartment.hasRole(DEPARTMENT) || CallingDepartment.hasRole(DEPARTMENT_ADMIN))
                && CallingDepartment.actingFor().map(row.requester()::equals).orElse(false);
    }

    // --- grants and events

    private void grant(Row row, String actor) {
        DeliveryChannel c = row.terms().form().channel();
        String secret = row.secretToken() == null ? null
                : new String(vault.open(SECRET_KIND, row.id(), row.secretToken()), UTF_8);
        SharingRequestForm form = row.terms().form();
        Subscription subscription = new Subscription(row.id(), row.requester(), row.terms().recordType(),
                form.purpose(), form.legalBasis(), new SubscriptionFilter(null, List.of(row.provider()), null, null),
                row.granted(), new DeliveryChannel(c.type(), c.url(), c.format(), secret));
        subscriptions.grant(subscription, row.validUntil(), actor);
    }

    private Row end(Row row, State state, String actor, String reason) {
        int cancelled = subscriptions.endGrant(row.id(), actor);
        Row next = store.update(row, with(row, state, Map.of(), row.deadline(), row.extensionReason(), row.decidedAt(),
                row.decidedBy(), row.decisionReason(), clock.instant(), actor, reason, cancelled));
        audit.append(event(next, actor, state.name(), Map.of(), state.name().toLowerCase() + ": " + reason
                + "; " + cancelled + " pending deliveries cancelled"));
        return next;
    }

    private static Row with(Row row, State state, Map<String, FieldView> granted, LocalDate deadline,
            String extensionReason, Instant decidedAt, String decidedBy, String decisionReason, Instant endedAt,
            String endedBy, String endReason, int cancelled) {
        return new Row(row.id(), row.resource(), row.provider(), row.requester(), state, row.terms(), row.secretToken(),
                granted, row.submittedAt(), row.submittedBy(), row.validUntil(), deadline, extensionReason,
                row.overdueFlagged(), decidedAt, decidedBy, decisionReason, endedAt, endedBy, endReason, cancelled, 0);
    }

    private static AuditEntry event(Row row, String actor, String action, Map<String, FieldView> views, String detail) {
        Map<String, String> fields = new TreeMap<>();
        views.forEach((field, view) -> fields.put(field, view.name()));
        SharingRequestForm form = row.terms().form();
        return new AuditEntry(actor, action, null, null, null, row.provider(), row.requester(), row.id(),
                form.purpose(), form.legalBasis(), fields, null, "OK", "sharing request " + row.id() + ": " + detail);
    }

    /** Free text from people, for the audit log: at most 500 characters, digit runs that could be numbers blanked. */
    private static String clean(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String cleaned = text.strip().replaceAll("\\d{6,}", "#");
        return cleaned.length() > 500 ? cleaned.substring(0, 500) : cleaned;
    }

    // --- views

    private SharingRequest view(Row row) {
        boolean active = subscriptions.versioned(row.id()).map(v -> v.validAt(clock.instant())).orElse(false);
        return row.asRequest(active, today());
    }

    private SharingPreview preview(String resource, String provider, String recordType, Map<String, FieldView> views) {
        RegisteredSchema registered = schemas.forRecordType(recordType).orElseThrow();
        return SamplePreview.of(resource, provider, recordType, registered, protection.piiFields(registered.schema()), views,
                clock.instant());
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone());
    }

    private ZoneId zone() {
        return properties.timeZone();
    }

    /** The end of a validity's last day in the hub's zone: the instant the grant stops. */
    private Instant endOf(LocalDate validUntil) {
        return validUntil.plusDays(1).atStartOfDay(zone()).toInstant();
    }
}
