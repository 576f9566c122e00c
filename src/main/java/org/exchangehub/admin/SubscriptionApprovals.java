package org.exchangehub.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.exchangehub.catalog.Catalog;
import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.exchange.VersionedSubscription;
import org.exchangehub.protect.FieldView;
import org.springframework.stereotype.Service;

/**
 * Four eyes on personal data: a subscription a person made or changed to disclose personal data waits until a second
 * person approves it — the providing department's APPROVER or DEPARTMENT_ADMIN (the provider of its record type in
 * the sharing catalog) or the SECURITY_OFFICER; never the person who proposed it. The current caller sees and decides
 * only what they may; anything else is "not found". Approvals and rejections are audited as subscription changes.
 */
@Service
public class SubscriptionApprovals {

    private static final String SECURITY_OFFICER = "SECURITY_OFFICER";

    /** A subscription awaiting approval: who would receive which personal fields in which view, why, asked by whom. */
    public record Pending(String id, String subscriber, String recordType, String purpose, String legalBasis,
            Map<String, FieldView> disclosure, int version, String proposedBy, Instant proposedAt) {
    }

    private final Subscriptions subscriptions;
    private final Catalog catalog;

    SubscriptionApprovals(Subscriptions subscriptions, Catalog catalog) {
        this.subscriptions = subscriptions;
        this.catalog = catalog;
    }

    /** The subscriptions awaiting the current caller's approval. */
    public List<Pending> pending() {
        return subscriptions.allVersioned().stream()
                .filter(v -> v.state() == Subscriptions.State.PENDING_APPROVAL && mayDecide(v.subscription()))
                .map(v -> new Pending(v.subscription().id(), v.subscription().subscriber(), v.subscription().recordType(),
                        v.subscription().purpose(), v.subscription().legalBasis(),
                        v.subscription().disclosure(), v.version(), v.updatedBy(), v.updatedAt()))
                .toList();
    }

    /**
     * Approves: the subscription becomes active for records journaled from now on.
     *
     * @throws NoSuchElementException when nothing with the id awaits this caller's approval
     * @throws IllegalStateException  when the caller proposed it
     */
    public VersionedSubscription approve(String id, String actor) {
        decidable(id);
        return subscriptions.approve(id, actor);
    }

    /** Rejects: the subscription is removed. */
    public void reject(String id, String actor) {
        decidable(id);
        subscriptions.reject(id, actor);
    }

    private void decidable(String id) {
        subscriptions.versioned(id).filter(v -> v.state() == Subscriptions.State.PENDING_APPROVAL)
                .filter(v -> mayDecide(v.subscription()))
                .orElseThrow(() -> new NoSuchElementException("no subscription '" + id + "' awaits your approval"));
    }

    /** The security officer decides every one; a department's people those of record types it provides. */
    private boolean mayDecide(Subscription subscription) {
        if (CallingDepartment.hasRole(SECURITY_OFFICER)) {
            return true;
        }
        return CallingDepartment.actingFor().map(department -> catalog.all().stream()
                .anyMatch(listed -> listed.entry().provider().equals(department)
                        && listed.entry().recordType().equals(subscription.recordType())))
                .orElse(false);
    }
}
