package org.exchangehub.admin.subscriptions;

import java.util.List;
import java.util.Map;

import org.exchangehub.admin.SubscriptionApprovals;
import org.exchangehub.admin.web.Actor;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.exchange.VersionedSubscription;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The second person's API for subscriptions that disclose personal data ({@link SubscriptionApprovals}). */
@RestController
@RequestMapping("/api/v1/subscription-approvals")
@Tag(name = "Subscription approvals", description = "Second-person approval of subscriptions that disclose personal"
        + " data (the provider's APPROVER or DEPARTMENT_ADMIN, or the SECURITY_OFFICER)")
class SubscriptionApprovalsResource {

    private final SubscriptionApprovals approvals;

    SubscriptionApprovalsResource(SubscriptionApprovals approvals) {
        this.approvals = approvals;
    }

    @GetMapping
    @Operation(summary = "Subscriptions awaiting your approval")
    List<SubscriptionApprovals.Pending> pending() {
        return approvals.pending();
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve: the subscription becomes active for records journaled from now on")
    Map<String, Object> approve(@PathVariable String id) {
        VersionedSubscription approved = approvals.approve(id, Actor.current());
        return Map.of("id", id, "state", approved.state().name(), "version", approved.version());
    }

    @PostMapping("/{id}/reject")
    @Operation(summary = "Reject: the subscription is removed")
    Map<String, Object> reject(@PathVariable String id) {
        approvals.reject(id, Actor.current());
        return Map.of("id", id, "state", Subscriptions.State.DELETED.name());
    }
}
