package org.exchangehub.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;

import org.exchangehub.catalog.SharingRequest.State;
import org.exchangehub.catalog.internal.CatalogProperties;
import org.exchangehub.catalog.internal.RequestStore;
import org.exchangehub.catalog.internal.RequestStore.Row;
import org.exchangehub.catalog.internal.RequestStore.Terms;
import org.exchangehub.catalog.internal.RequestTerms;
import org.exchangehub.catalog.internal.SamplePreview;
import org.exchangehub.exchange.CallingDepartment;
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
 * The provider's decisions (approve, reject, extend) are {@link SharingDecisions}'.
 * <p>
 * Who may do what: the requesting department (its system's key or its DEPARTMENT_ADMIN) requests, previews and
 * revokes; the provider's APPROVER or DEPARTMENT_ADMIN approves, rejects, extends and revokes; both parties read
 * their requests; ADMIN and AUDITOR read all of them. Anyone else is refused, and a request another department
 * cannot see is "not found" to it.
 */
@Service
public class SharingRequests {

    private static final Logger log = LoggerFactory.getLogger(SharingRequests.class);

    private final CatalogProperties properties;
    private final WorkingDays workingDays;
    private final Catalog catalog;
    private final RequestStore store;
    private final RequestSteps steps;
    private final Subscriptions subscriptions;
    private final CanonicalSchemas schemas;
    private final RecordProtection protection;
    private final PayloadVault vault;
    private final TransactionTemplate transactions;

    SharingRequests(CatalogProperties properties, WorkingDays workingDays, Catalog catalog, RequestStore store,
            RequestSteps steps, Subscriptions subscriptions, CanonicalSchemas schemas, RecordProtection protection,
            PayloadVault vault, TransactionTemplate transactions) {
        this.properties = properties;
        this.workingDays = workingDays;
        this.catalog = catalog;
        this.store = store;
        this.steps = steps;
        this.subscriptions = subscriptions;
        this.schemas = schemas;
        this.protection = protection;
        this.vault = vault;
        this.transactions = transactions;
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
                .filter(d -> CallingDepartment.hasRole(RequestSteps.DEPARTMENT)
                        || CallingDepartment.hasRole(RequestSteps.DEPARTMENT_ADMIN))
                .orElseThrow(() -> new AccessDeniedException("only a department (its system or its DEPARTMENT_ADMIN)"
                        + " makes sharing requests"));
        CatalogEntry entry = catalog.entry(form.resource());
        checkForm(form, entry, requester);
        Instant now = steps.now();
        LocalDate today = steps.today();
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
            String secret = form.channel() == null ? null : form.channel().secret();
            String token = secret == null || secret.isEmpty() ? null
                    : vault.seal(RequestSteps.SECRET_KIND, id, secret.getBytes(UTF_8));
            Row row = new Row(id, entry.code(), entry.provider(), requester, decided ? State.APPROVED : State.PENDING,
                    terms, token, atOnce, now, actor, steps.endOf(form.validUntil()),
                    decided ? null : workingDays.plus(today, properties.answerDays()), null, false,
                    decided ? now : null, decided ? "hub" : null,
                    decided ? "unconditional sharing (无条件共享): granted at once" : null, null, null, null, 0, 1);
            store.insert(row);
            steps.record(row, actor, "REQUESTED", form.fields(), "resource " + entry.code() + " ("
                    + entry.sharing() + ")" + (atOnce.isEmpty() ? "" : "; granted at once " + atOnce.keySet())
                    + (waiting.isEmpty() ? "" : "; waiting for the provider " + waiting + ", answer due "
                            + row.deadline())
                    + "; valid until " + form.validUntil());
            if (decided) {
                steps.record(row, "hub", "APPROVED", atOnce, "unconditional sharing: granted at once");
            }
            if (openResource) {
                steps.grant(row, actor);
            }
            return steps.view(row);
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
        Row row = steps.visible(id);
        return preview(row.resource(), row.provider(), row.terms().recordType(), row.terms().form().fields());
    }

    /**
     * Revokes a request or its grant (the provider's approvers, or the requester withdrawing): nothing more flows, and
     * deliveries still owed are cancelled.
     */
    public SharingRequest revoke(String id, String reason, String actor) {
        return transactions.execute(status -> {
            Row row = steps.visible(id);
            if (!RequestSteps.providerSide(row) && !RequestSteps.requesterSide(row)) {
                throw new AccessDeniedException("not a party to sharing request " + id);
            }
            if (row.state() == State.EXPIRED || row.state() == State.REVOKED) {
                throw new IllegalStateException("sharing request " + id + " is " + row.state() + " already");
            }
            return steps.view(steps.end(row, State.REVOKED, actor, RequestSteps.clean(reason)));
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
        for (Row row : store.expiredBy(steps.now())) {
            if (row.state() == State.REJECTED && subscriptions.versioned(row.id()).isEmpty()) {
                continue; // a plain rejection stays REJECTED; only a grant made at once has to end
            }
            try {
                transactions.executeWithoutResult(status -> steps.end(store.find(row.id()).orElseThrow(), State.EXPIRED,
                        "hub", "validity ended " + row.terms().form().validUntil()));
                expired++;
            } catch (IllegalStateException e) {
                log.info("Sharing request {} changed while expiring; the next sweep looks again", row.id());
            }
        }
        for (Row row : store.newlyOverdue(steps.today())) {
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
        String department = RequestSteps.staff() ? null : CallingDepartment.actingFor()
                .orElseThrow(() -> new AccessDeniedException("not a party to sharing requests"));
        LocalDate today = steps.today();
        return store.list(department, overdueOnly ? State.PENDING : state).stream()
                .filter(row -> !overdueOnly || row.overdueOn(today)).map(steps::view).toList();
    }

    /** Overdue requests: all of them for staff, else those to or from the caller's department. */
    public long overdueCount() {
        if (!RequestSteps.staff() && CallingDepartment.actingFor().isEmpty()) {
            return 0;
        }
        return list(State.PENDING, true).size();
    }

    /**
     * The grant under which department {@code requester} may ask verification service {@code service} for
     * {@code purpose}: the id of an approved request of that resource, valid now, whose purpose is that one.
     */
    public Optional<String> serviceGrant(String requester, String service, String purpose) {
        return grantRow(requester, service, purpose).map(Row::id);
    }

    /** A grant of a query service: the approved request's id and the view granted of each field. */
    public record ServiceGrant(String id, Map<String, FieldView> views) {
    }

    /**
     * The grant under which department {@code requester} may call query service {@code service} for {@code purpose}:
     * an approved request of that resource, valid now, whose purpose is that one, with the views it granted.
     */
    public Optional<ServiceGrant> queryGrant(String requester, String service, String purpose) {
        return grantRow(requester, service, purpose).map(row -> new ServiceGrant(row.id(), row.granted()));
    }

    private Optional<Row> grantRow(String requester, String service, String purpose) {
        return store.approved(requester, service).stream()
                .filter(row -> row.terms().form().channel() == null && row.terms().form().purpose().equals(purpose)
                        && steps.serviceGrantActive(row))
                .findFirst();
    }

    /** A request the caller may see. */
    public SharingRequest get(String id) {
        return steps.view(steps.visible(id));
    }

    /** The working days left to answer a PENDING request (negative when overdue). */
    public int workingDaysLeft(SharingRequest request) {
        return request.deadline() == null ? 0 : workingDays.between(steps.today(), request.deadline());
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
        List<String> problems = RequestTerms.problems(form, entry, requester, pii, steps.today(),
                properties.maxValidity().toDays());
        if (requester != null && subscriptions.department(requester).isEmpty()) {
            problems.add("requester '" + requester + "' is not a known department");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    // --- views

    private SharingPreview preview(String resource, String provider, String recordType, Map<String, FieldView> views) {
        RegisteredSchema registered = schemas.forRecordType(recordType).orElseThrow();
        return SamplePreview.of(resource, provider, recordType, registered, protection.piiFields(registered.schema()),
                views, steps.now());
    }
}
