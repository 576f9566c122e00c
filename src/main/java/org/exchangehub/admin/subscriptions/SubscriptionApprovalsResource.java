package org.exchangehub.admin.subscriptions;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.exchangehub.admin.security.Roles;
import org.exchangehub.admin.web.Actor;
import org.exchangehub.catalog.Catalog;
import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.protect.FieldView;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Four eyes on personal data: a subscription an admin made or changed to disclose personal data waits until a
 * second person approves it — the providing department's APPROVER or DEPARTMENT_ADMIN (the provider of its record
 * type in the sharing catalog) or the SECURITY_OFFICER; never the person who proposed it. Each sees only what they
 * may decide; anything else answers 404. Approvals and rejections are audited as subscription changes.
 */
@RestController
@RequestMapping("/api/v1/subscription-approvals")
@Tag(name = "Subscription approvals", description = "Second-person approval of subscriptions that disclose personal"
        + " data (the provider's APPROVER or DEPARTMENT_ADMIN, or the SECURITY_OFFICER)")
class SubscriptionApprovalsResource {

    /** A subscription awaiting approval: who would receive which personal fields in which view, why, asked by whom. */
    record Pending(String id, String subscriber, String recordType, String purpose, String legalBasis,
            Map<String, FieldView> disclosure, int version, String proposedBy, Instant proposedAt) {
    }

    private final Subscriptions subscriptions;
    private final Catalog catalog;

    SubscriptionApprovalsResource(Subscriptions subscriptions, Catalog catalog) {
        this.subscriptions = subscriptions;
        this.catalog = catalog;
    }

    @GetMapping
    @Operation(summary = "Subscriptions awaiting your approval")
    List<Pending> pending() {
        return subscriptions.allVersioned().stream()
                .filter(v -> v.state() == Subscriptions.State.PENDING_APPROVAL && mayDecide(v.subscription()))
                .map(v -> new Pending(v.subscription().id(), v.subscription().subscriber(), v.subscription().recordType(),
                        v.subscription().purpose(), v.subscription().legalBasis(),
                        Subscriptions.disclosure(v.subscription()), v.version(), v.updatedBy(), v.updatedAt()))
                .toList();
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve: the subscription becomes active for records journaled from now on")
    Map<String, Object> approve(@PathVariable String id) {
        decidable(id);
        Subscriptions.Versioned approved = subscriptions.approve(id, Actor.current());
        return Map.of("id", id, "state", approved.state().name(), "version", approved.version());
    }

    @PostMapping("/{id}/reject")
    @Operation(summary = "Reject: the subscription is removed")
    Map<String, Object> reject(@PathVariable String id) {
        decidable(id);
        subscriptions.reject(id, Actor.current());
        return Map.of("id", id, "state", Subscriptions.State.DELETED.name());
    }

    private void decidable(String id) {
        subscriptions.versioned(id).filter(v -> v.state() == Subscriptions.State.PENDING_APPROVAL)
                .filter(v -> mayDecide(v.subscription()))
                .orElseThrow(() -> new NoSuchElementException("no subscription '" + id + "' awaits your approval"));
    }

    /** The security officer decides every one; a department's people those of record types it provides. */
    private boolean mayDecide(Subscription subscription) {
        if (CallingDepartment.hasRole(Roles.SECURITY_OFFICER)) {
            return true;
        }
        return CallingDepartment.actingFor().map(department -> catalog.all().stream()
                .anyMatch(listed -> listed.entry().provider().equals(department)
                        && listed.entry().recordType().equals(subscription.recordType())))
                .orElse(false);
    }
}
