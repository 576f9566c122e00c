package org.exchangehub.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.exchangehub.catalog.SharingRequest.State;
import org.exchangehub.catalog.internal.CatalogProperties;
import org.exchangehub.catalog.internal.RequestStore;
import org.exchangehub.catalog.internal.RequestStore.Row;
import org.exchangehub.protect.FieldView;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import static org.exchangehub.catalog.RequestSteps.clean;
import static org.exchangehub.catalog.RequestSteps.with;

/**
 * The provider's answer to a conditional sharing request (政务数据共享条例): its APPROVER or DEPARTMENT_ADMIN
 * approves (possibly with narrower views), rejects with a reason, or extends the deadline once. Only PENDING requests
 * whose validity has not ended are decided; each decision is one audit event (APPROVED, REJECTED, EXTENDED), and an
 * approval grants at once. Filing, reading and revoking requests is {@link SharingRequests}'.
 */
@Service
public class SharingDecisions {

    private final CatalogProperties properties;
    private final WorkingDays workingDays;
    private final RequestStore store;
    private final RequestSteps steps;
    private final TransactionTemplate transactions;

    SharingDecisions(CatalogProperties properties, WorkingDays workingDays, RequestStore store, RequestSteps steps,
            TransactionTemplate transactions) {
        this.properties = properties;
        this.workingDays = workingDays;
        this.store = store;
        this.steps = steps;
        this.transactions = transactions;
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
            Instant now = steps.now();
            Row next = store.update(row, with(row, State.APPROVED, granted, row.deadline(), row.extensionReason(),
                    now, actor, clean(comment), null, null, null, 0));
            List<String> refused = requested.keySet().stream().filter(f -> !granted.containsKey(f)).toList();
            List<String> narrower = granted.entrySet().stream()
                    .filter(e -> e.getValue() != requested.get(e.getKey())).map(Map.Entry::getKey).toList();
            steps.record(next, actor, "APPROVED", granted, "approved"
                    + (narrower.isEmpty() ? "" : "; narrower views " + narrower)
                    + (refused.isEmpty() ? "" : "; refused " + refused)
                    + (next.decisionReason() == null ? "" : "; comment: " + next.decisionReason()));
            steps.grant(next, actor);
            return steps.view(next);
        });
    }

    /** Rejects a PENDING request with a reason; what was granted at once (unconditional fields) stays granted. */
    public SharingRequest reject(String id, String reason, String actor) {
        return transactions.execute(status -> {
            Row row = decidable(id);
            Row next = store.update(row, with(row, State.REJECTED, row.granted(), row.deadline(),
                    row.extensionReason(), steps.now(), actor, clean(reason), null, null, null, 0));
            steps.record(next, actor, "REJECTED", Map.of(), "rejected: " + next.decisionReason());
            return steps.view(next);
        });
    }

    /** Extends a PENDING request's deadline once, before it passes, by {@code hub.catalog.extension-days}. */
    public SharingRequest extend(String id, String reason, String actor) {
        return transactions.execute(status -> {
            Row row = decidable(id);
            if (row.extensionReason() != null) {
                throw new IllegalStateException("sharing request " + id + " was extended already (once at most)");
            }
            if (steps.today().isAfter(row.deadline())) {
                throw new IllegalStateException("sharing request " + id + ": the deadline " + row.deadline()
                        + " has passed; approve or reject it");
            }
            LocalDate deadline = workingDays.plus(row.deadline(), properties.extensionDays());
            Row next = store.update(row, new Row(row.id(), row.resource(), row.provider(), row.requester(),
                    row.state(), row.terms(), row.secretToken(), row.granted(), row.submittedAt(), row.submittedBy(),
                    row.validUntil(), deadline, clean(reason), false, null, null, null, null, null, null, 0, 0));
            steps.record(next, actor, "EXTENDED", Map.of(), "answer due " + deadline + " (was " + row.deadline()
                    + "): " + next.extensionReason());
            return steps.view(next);
        });
    }

    /** A PENDING request the caller may decide: the provider's approver, before its validity ended. */
    private Row decidable(String id) {
        Row row = steps.visible(id);
        if (!RequestSteps.providerSide(row)) {
            throw new AccessDeniedException("only an APPROVER or DEPARTMENT_ADMIN of " + row.provider()
                    + " decides sharing request " + id);
        }
        if (row.state() != State.PENDING) {
            throw new IllegalStateException("sharing request " + id + " is " + row.state() + "; only PENDING requests"
                    + " are decided");
        }
        if (!steps.now().isBefore(row.validUntil())) {
            throw new IllegalStateException("sharing request " + id + ": its validity ended "
                    + row.terms().form().validUntil() + "; it expires and cannot be decided");
        }
        return row;
    }
}
