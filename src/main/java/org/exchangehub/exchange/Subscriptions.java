package org.exchangehub.exchange;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Supplier;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.exchange.internal.DeliveryTurns;
import org.exchangehub.exchange.internal.SubscriptionStore.Stored;
import org.exchangehub.protect.PemKeys;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.protect.SubscriberView;
import org.exchangehub.schema.CanonicalSchemas;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The subscriptions, checked against the departments and the registry (a subscription names a known department
 * and record type, views only PII fields of that type, and a webhook has a URL), kept in the database with every
 * version. Seeded from {@code config/subscriptions.yaml} at start ({@link SubscriptionSeeder}); changes through the
 * admin API apply at once, without restart, and persist. A PAUSED subscription still queues its records but nothing is
 * delivered until it is resumed; removing one cancels what it still owed. Deny by default: a record type without
 * an active subscription goes nowhere. Every change is published as a {@link SubscriptionChanged}.
 */
@Service
public class Subscriptions {

    /**
     * Subscription states. PENDING_APPROVAL: a person made or changed it to disclose personal data; until a second
     * person approves, nothing is queued or delivered for it.
     */
    public enum State {
        ACTIVE, PAUSED, DELETED, PENDING_APPROVAL
    }

    /** Origin of subscriptions made by approved sharing requests. */
    public static final String GRANT = "GRANT";

    private final Departments departments;
    private final SubscriptionVersions versions;
    private final SubscriptionRules rules;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final DeliveryTurns turns;

    Subscriptions(Departments departments, CanonicalSchemas schemas, RecordProtection protection,
            SubscriptionVersions versions, TransactionTemplate transactions, Clock clock, DeliveryTurns turns) {
        this.turns = turns;
        this.departments = departments;
        this.versions = versions;
        this.rules = new SubscriptionRules(departments, schemas, protection);
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Adds or replaces a subscription, by the hub itself (tests, internal callers): no second person is asked. */
    public void put(Subscription subscription) {
        put(subscription, "hub", false);
    }

    /**
     * Adds or replaces a subscription for a person after checking it; the change applies to records journaled and
     * deliveries made from now on. A paused subscription stays paused. Four eyes: when the new definition discloses
     * personal data (a PII field in a view other than OMIT) that the current one did not disclose in the same way,
     * it waits in PENDING_APPROVAL for {@link #approve} by another person.
     *
     * @return the new version
     * @throws IllegalArgumentException naming every problem of the definition
     */
    public VersionedSubscription put(Subscription subscription, String actor) {
        return put(subscription, actor, true);
    }

    private VersionedSubscription put(Subscription subscription, String actor, boolean fourEyes) {
        check(subscription);
        transactions.executeWithoutResult(status -> {
            Optional<Stored> stored = versions.stored(subscription.id());
            boolean exists = stored.isPresent() && stored.get().state() != State.DELETED;
            if (exists && GRANT.equals(stored.get().origin())) {
                throw granted(subscription.id());
            }
            boolean newDisclosure = !subscription.disclosure().isEmpty() && (!exists
                    || stored.get().state() == State.PENDING_APPROVAL
                    || !subscription.disclosure().equals(stored.get().definition().disclosure()));
            State state = fourEyes && newDisclosure ? State.PENDING_APPROVAL
                    : exists ? stored.get().state() : State.ACTIVE;
            versions.write(stored.orElse(null), subscription.withSecret(null), versions.sealSecret(subscription),
                    state, exists ? stored.get().origin() : "API", stored.map(Stored::configHash).orElse(null),
                    exists ? "REPLACED" : "CREATED", actor, null);
        });
        versions.reload();
        return versions.live(subscription.id());
    }

    /**
     * Approves a subscription waiting for a second person: a new one starts at the log's head, a changed one goes on.
     *
     * @throws NoSuchElementException when none with the id waits; IllegalStateException when its proposer approves
     */
    public VersionedSubscription approve(String id, String actor) {
        return decide(id, State.ACTIVE, "APPROVED", actor);
    }

    /** Rejects a subscription waiting for approval: it is removed. */
    public VersionedSubscription reject(String id, String actor) {
        return decide(id, State.DELETED, "REJECTED", actor);
    }

    private VersionedSubscription decide(String id, State state, String change, String actor) {
        transactions.executeWithoutResult(status -> {
            Stored stored = versions.stored(id).filter(s -> s.state() == State.PENDING_APPROVAL)
                    .orElseThrow(() -> new NoSuchElementException("no subscription '" + id + "' awaits approval"));
            if (actor.equals(stored.updatedBy())) {
                throw new IllegalStateException("subscription '" + id + "' was proposed by " + actor
                        + "; another person must approve it");
            }
            versions.write(stored, stored.definition(), stored.secretToken(), state, stored.origin(),
                    stored.configHash(), change, actor, stored.validUntil());
        });
        versions.reload();
        return versions.live(id);
    }

    /**
     * Creates or replaces the subscription an approved sharing request grants (origin GRANT), valid until the given
     * instant. Only the catalog calls it; admins can pause and resume such a subscription but not change or remove it.
     *
     * @throws IllegalArgumentException naming every problem of the definition
     * @throws IllegalStateException    when a subscription of another origin has the id
     */
    public VersionedSubscription grant(Subscription subscription, Instant validUntil, String actor) {
        check(subscription);
        transactions.executeWithoutResult(status -> {
            Optional<Stored> stored = versions.stored(subscription.id());
            boolean exists = stored.isPresent() && stored.get().state() != State.DELETED;
            if (exists && !GRANT.equals(stored.get().origin())) {
                throw new IllegalStateException("subscription '" + subscription.id() + "' exists and was not granted");
            }
            versions.write(stored.orElse(null), subscription.withSecret(null), versions.sealSecret(subscription),
                    exists ? stored.get().state() : State.ACTIVE, GRANT, null, exists ? "REPLACED" : "CREATED", actor,
                    validUntil);
        });
        versions.reload();
        return versions.live(subscription.id());
    }

    /**
     * Ends a granted subscription (expiry or revocation of its sharing request): nothing more is queued for it and the
     * deliveries it still owed are cancelled. A delivery to it under way is let finish first ({@link DeliveryTurns}).
     *
     * @return the deliveries cancelled; 0 when there was no such live subscription
     * @throws IllegalStateException when the delivery under way did not finish in time: nothing was changed
     */
    public int endGrant(String id, String actor) {
        Integer cancelled = turns.stopped(id, () -> transactions.execute(status -> versions.stored(id)
                .filter(s -> s.state() != State.DELETED && GRANT.equals(s.origin()))
                .map(s -> versions.write(s, s.definition(), s.secretToken(), State.DELETED, GRANT, null, "REMOVED",
                        actor, s.validUntil()))
                .orElse(0)));
        versions.reload();
        return cancelled == null ? 0 : cancelled;
    }

    private static IllegalStateException granted(String id) {
        return new IllegalStateException("subscription '" + id + "' was granted by sharing request " + id
                + ": change or revoke it through the request (/api/v1/sharing-requests/" + id + ")");
    }

    /** Removes a subscription by the hub itself (a granted one too: tests and internal callers starting afresh). */
    public void remove(String id) {
        VersionedSubscription versioned = versions.live(id);
        if (versioned != null && GRANT.equals(versioned.origin())) {
            endGrant(id, "hub");
        } else if (versioned != null) {
            remove(id, "hub");
        }
    }

    /**
     * Removes a subscription: nothing more is queued for it and deliveries it still owed are cancelled.
     *
     * @throws NoSuchElementException when there is no such subscription
     */
    public void remove(String id, String actor) {
        VersionedSubscription versioned = versions.live(id);
        if (versioned != null && GRANT.equals(versioned.origin())) {
            throw granted(id);
        }
        changeState(id, State.DELETED, "REMOVED", actor);
    }

    /** Stops deliveries of a subscription; its cursor stays, and what is journaled meanwhile is owed to it. */
    public VersionedSubscription pause(String id, String actor) {
        return changeState(id, State.PAUSED, "PAUSED", actor);
    }

    /** Resumes deliveries of a paused subscription. */
    public VersionedSubscription resume(String id, String actor) {
        return changeState(id, State.ACTIVE, "RESUMED", actor);
    }

    /** Pausing and removing let a delivery under way finish first: nothing is sent after they return. */
    private VersionedSubscription changeState(String id, State state, String change, String actor) {
        Supplier<VersionedSubscription> apply = () -> {
            transactions.executeWithoutResult(status -> {
                Stored stored = versions.stored(id).filter(s -> s.state() != State.DELETED)
                        .orElseThrow(() -> new NoSuchElementException("no subscription '" + id + "'"));
                if (stored.state() == State.PENDING_APPROVAL && state != State.DELETED) {
                    throw new IllegalStateException("subscription '" + id + "' awaits approval of what it discloses");
                }
                if (stored.state() != state) {
                    versions.write(stored, stored.definition(), stored.secretToken(), state, stored.origin(),
                            stored.configHash(), change, actor, stored.validUntil());
                }
            });
            versions.reload();
            return versions.live(id);
        };
        return state == State.ACTIVE ? apply.get() : turns.stopped(id, apply);
    }

    /** A live (active or paused) subscription, with its secret. */
    public Optional<Subscription> byId(String id) {
        return Optional.ofNullable(versions.live(id)).map(VersionedSubscription::subscription);
    }

    /** A live subscription with its state and version. */
    public Optional<VersionedSubscription> versioned(String id) {
        return Optional.ofNullable(versions.live(id));
    }

    /** Every version of a subscription, oldest first (definitions without secrets). */
    public List<SubscriptionRevision> history(String id) {
        return versions.history(id);
    }

    /** Active and paused subscriptions. */
    public Collection<Subscription> all() {
        return versions.live().stream().map(VersionedSubscription::subscription)
                .sorted(Comparator.comparing(Subscription::id))
                .toList();
    }

    /** Active and paused subscriptions with state and version, by id. */
    public List<VersionedSubscription> allVersioned() {
        return versions.live().stream().sorted(Comparator.comparing(v -> v.subscription().id())).toList();
    }

    /** True when deliveries of the subscription may be made now: active, valid, subscriber enabled, not stopping. */
    public boolean deliverable(String id) {
        VersionedSubscription versioned = versions.live(id);
        return versioned != null && versioned.state() == State.ACTIVE && versioned.validAt(clock.instant())
                && departments.isEnabled(versioned.subscription().subscriber()) && !turns.stopping(id);
    }

    public Optional<Department> department(String code) {
        return departments.byCode(code);
    }

    /** The live subscriptions a clear record goes to, sorted by id. */
    public List<Subscription> matching(String recordType, GenericRecord clear) {
        Instant now = clock.instant();
        return versions.live().stream().filter(versioned -> versioned.validAt(now))
                .filter(versioned -> versioned.state() != State.PENDING_APPROVAL)
                .map(VersionedSubscription::subscription)
                .filter(subscription -> subscription.recordType().equals(recordType))
                .filter(subscription -> subscription.filter().matches(clear))
                .sorted(Comparator.comparing(Subscription::id))
                .toList();
    }

    /** The view a subscription's subscriber gets, with its registered sealing key. */
    public SubscriberView viewOf(Subscription subscription) {
        String pem = department(subscription.subscriber()).map(Department::sealingPublicKey).orElse(null);
        return new SubscriberView(subscription.views(), pem == null ? null : PemKeys.readPublicKey(pem));
    }

    /** What is wrong with a definition; empty when it may be put. */
    public List<String> problems(Subscription subscription) {
        return rules.problems(subscription);
    }

    private void check(Subscription subscription) {
        List<String> problems = problems(subscription);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("subscription " + subscription.id() + ": "
                    + String.join("; ", problems));
        }
    }
}
