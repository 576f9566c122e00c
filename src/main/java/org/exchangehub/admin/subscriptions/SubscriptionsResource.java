package org.exchangehub.admin.subscriptions;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.exchangehub.admin.web.Actor;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.exchange.SubscriptionRevision;
import org.exchangehub.exchange.VersionedSubscription;
import org.exchangehub.protect.FieldView;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Subscriptions for admins: create (purpose and legal basis required), replace, change views, pause and resume,
 * delete, and the version history. Changes apply at once, without restart: views to the next delivery, filters to
 * the next record journaled. Webhook secrets can be set but are never shown. Every change is a new version and an
 * audit event with the admin's name and what changed. A change that discloses personal data waits for a second
 * person ({@link SubscriptionApprovalsResource}).
 */
@RestController
@RequestMapping("/api/v1/admin/subscriptions")
@Tag(name = "Admin: subscriptions", description = "Who receives which record type, in which view, why (ADMIN)")
class SubscriptionsResource {

    /** A subscription as the admin API shows it (its secret only as set or not). */
    record SubscriptionView(String id, String subscriber, String recordType, String purpose, String legalBasis,
            SubscriptionFilter filter, Map<String, FieldView> views, ChannelView channel, int version, String state,
            String origin, Instant updatedAt, String updatedBy) {

        static SubscriptionView of(VersionedSubscription versioned) {
            Subscription s = versioned.subscription();
            DeliveryChannel c = s.channel();
            return new SubscriptionView(s.id(), s.subscriber(), s.recordType(), s.purpose(), s.legalBasis(), s.filter(),
                    s.views(), new ChannelView(c.type(), c.url(), c.format(), c.secret() != null && !c.secret().isEmpty(),
                            c.directory(), c.encoding()),
                    versioned.version(), versioned.state().name(), versioned.origin(), versioned.updatedAt(),
                    versioned.updatedBy());
        }
    }

    /** A channel without its secret. */
    record ChannelView(DeliveryChannel.Type type, String url, DeliveryChannel.Format format, boolean secretSet,
            String directory, String encoding) {
    }

    /** Body of a views change: the complete new views (PII fields not listed are omitted). */
    record ViewsChange(@NotNull Map<String, FieldView> views) {
    }

    private final Subscriptions subscriptions;

    SubscriptionsResource(Subscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping
    @Operation(summary = "List active, paused and pending subscriptions")
    List<SubscriptionView> list() {
        return subscriptions.allVersioned().stream().map(SubscriptionView::of).toList();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One subscription")
    SubscriptionView get(@PathVariable String id) {
        return SubscriptionView.of(live(id));
    }

    @GetMapping("/{id}/versions")
    @Operation(summary = "Every version of a subscription, oldest first")
    List<SubscriptionRevision> versions(@PathVariable String id) {
        List<SubscriptionRevision> history = subscriptions.history(id);
        if (history.isEmpty()) {
            throw new NoSuchElementException("no subscription '" + id + "'");
        }
        return history;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a subscription; purpose and legal basis are required; one that discloses personal data"
            + " waits in PENDING_APPROVAL for the provider's approver or the security officer")
    SubscriptionView create(@Valid @RequestBody Subscription body) {
        if (subscriptions.versioned(body.id()).isPresent()) {
            throw new IllegalStateException("subscription '" + body.id() + "' exists; replace it with PUT");
        }
        return SubscriptionView.of(subscriptions.put(body, Actor.current()));
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a subscription's definition (a new version)")
    SubscriptionView replace(@PathVariable String id, @Valid @RequestBody Subscription body) {
        if (!id.equals(body.id())) {
            throw new IllegalArgumentException("id: the body's id '" + body.id() + "' is not '" + id + "'");
        }
        Subscription current = live(id).subscription();
        Subscription next = body.channel().secret() == null ? body.withSecret(current.channel().secret()) : body;
        return SubscriptionView.of(subscriptions.put(next, Actor.current()));
    }

    @PutMapping("/{id}/views")
    @Operation(summary = "Change the views; applies to the next delivery")
    SubscriptionView views(@PathVariable String id, @Valid @RequestBody ViewsChange body) {
        return SubscriptionView.of(subscriptions.put(live(id).subscription().withViews(body.views()),
                Actor.current()));
    }

    @PostMapping("/{id}/pause")
    @Operation(summary = "Pause deliveries; records keep being queued")
    SubscriptionView pause(@PathVariable String id) {
        return SubscriptionView.of(subscriptions.pause(id, Actor.current()));
    }

    @PostMapping("/{id}/resume")
    @Operation(summary = "Resume deliveries")
    SubscriptionView resume(@PathVariable String id) {
        return SubscriptionView.of(subscriptions.resume(id, Actor.current()));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a subscription; deliveries it still owed are cancelled (audited)")
    void delete(@PathVariable String id) {
        live(id);
        subscriptions.remove(id, Actor.current());
    }

    private VersionedSubscription live(String id) {
        return subscriptions.versioned(id).orElseThrow(() -> new NoSuchElementException("no subscription '" + id + "'"));
    }
}
