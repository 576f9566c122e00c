package org.exchangehub.exchange;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.exchangehub.cluster.SharedConfigurationChanged;
import org.exchangehub.exchange.Subscriptions.State;
import org.exchangehub.exchange.internal.ChangeDiff;
import org.exchangehub.exchange.internal.ExchangeProperties;
import org.exchangehub.exchange.internal.DeliveryLog;
import org.exchangehub.exchange.internal.DeliveryReader;
import org.exchangehub.exchange.internal.OutboxStore;
import org.exchangehub.exchange.internal.SubscriptionStore;
import org.exchangehub.exchange.internal.SubscriptionStore.Stored;
import org.exchangehub.protect.PayloadVault;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Subscriptions' versions: writes the next version of one (cancelling what it still owed when it is removed, and
 * publishing a {@link SubscriptionChanged} with the difference), and keeps the live (active and paused) versions in
 * memory with their secrets. Writes run in the caller's transaction; the caller reloads after it commits.
 */
@Component
class SubscriptionVersions {

    /** Origin of subscriptions seeded from {@code config/subscriptions.yaml}. */
    static final String CONFIG_ORIGIN = "CONFIG";

    private static final String SECRET_KIND = "webhook-secret";

    private final Map<String, VersionedSubscription> live = new ConcurrentHashMap<>();
    private final ExchangeProperties properties;
    private final PayloadVault vault;
    private final OutboxStore outbox;
    private final DeliveryLog log;
    private final ObjectProvider<DeliveryReader> reader;
    private final SubscriptionStore store;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    SubscriptionVersions(ExchangeProperties properties, PayloadVault vault, OutboxStore outbox, DeliveryLog log,
            ObjectProvider<DeliveryReader> reader, SubscriptionStore store, ApplicationEventPublisher events,
            Clock clock) {
        this.properties = properties;
        this.vault = vault;
        this.outbox = outbox;
        this.log = log;
        this.reader = reader;
        this.store = store;
        this.events = events;
        this.clock = clock;
    }

    /** The stored latest version, deleted ones included. */
    Optional<Stored> stored(String id) {
        return store.find(id);
    }

    /** Every version of a subscription, oldest first (definitions without secrets). */
    List<SubscriptionRevision> history(String id) {
        return store.history(id);
    }

    /** The live subscription with this id, or null. */
    VersionedSubscription live(String id) {
        return live.get(id);
    }

    /** Every live subscription, unordered. */
    Collection<VersionedSubscription> live() {
        return live.values();
    }

    /** The subscription's webhook secret sealed for the database; null when it has none. */
    String sealSecret(Subscription subscription) {
        String secret = subscription.channel().secret();
        return secret == null || secret.isEmpty() ? null
                : vault.seal(SECRET_KIND, subscription.id(), secret.getBytes(UTF_8));
    }

    /**
     * Stores the next version after {@code stored} (null for a new subscription) and publishes the change.
     *
     * @return the deliveries cancelled (a removal cancels what the subscription still owed), else 0
     */
    int write(Stored stored, Subscription definition, String secretToken, State state, String origin,
            String configHash, String change, String actor, Instant validUntil) {
        Instant now = clock.instant();
        int version = stored == null ? 1 : stored.version() + 1;
        boolean wasLive = stored != null && stored.state() != State.DELETED && everLive(definition.id());
        long owedFromLog = state == State.DELETED && wasLive ? reader.getObject().owed(stored.definition()).count() : 0;
        store.save(stored != null, new Stored(definition, version, state, origin, configHash, secretToken, now, actor,
                validUntil), change);
        int cancelled = state == State.DELETED ? outbox.cancelPending(definition.id()) + (int) owedFromLog : 0;
        if (!wasLive && state != State.DELETED) {
            // created or re-created, and again when first approved: owed what is journaled from then on. A live
            // subscription keeps its cursor through pauses and re-approvals, and is owed its backlog after them.
            log.startAtHead(definition.id(), now);
        }
        Subscription before = stored == null || stored.state() == State.DELETED ? null : stored.definition();
        Object beforeView = before == null ? null
                : auditView(before, stored.state(), stored.secretToken() != null, stored.validUntil());
        Object afterView = state == State.DELETED ? null : auditView(definition, state, secretToken != null, validUntil);
        events.publishEvent(new SubscriptionChanged(definition.id(), definition.subscriber(), change, version,
                definition.purpose(), definition.legalBasis(), actor, ChangeDiff.of(beforeView, afterView), cancelled,
                now));
        return cancelled;
    }

    /** Whether the subscription was active or paused since it was last created. */
    private boolean everLive(String id) {
        boolean live = false;
        for (SubscriptionRevision revision : store.history(id)) {
            live = revision.state() != State.DELETED
                    && (live || revision.state() == State.ACTIVE || revision.state() == State.PAUSED);
        }
        return live;
    }

    /** Reads the live versions again from the database. */
    /** Another node of the cluster changed subscriptions: this node reads them again. */
    @EventListener(SharedConfigurationChanged.class)
    void reload() {
        Map<String, VersionedSubscription> loaded = new HashMap<>();
        store.live().forEach(stored -> loaded.put(stored.definition().id(),
                new VersionedSubscription(withSecret(stored), stored.version(), stored.state(), stored.origin(),
                        stored.updatedAt(), stored.updatedBy(), stored.validUntil())));
        live.keySet().retainAll(loaded.keySet());
        live.putAll(loaded);
    }

    /** What the audit log sees of a definition: every member and the state, the secret only as set or not. */
    private static Map<String, Object> auditView(Subscription definition, State state, boolean secretSet,
            Instant validUntil) {
        @SuppressWarnings("unchecked")
        Map<String, Object> view = new TreeMap<>(ChangeDiff.JSON.convertValue(definition, Map.class));
        view.put("state", state.name());
        view.put("secretSet", secretSet);
        if (validUntil != null) {
            view.put("validUntil", validUntil.toString());
        }
        return view;
    }

    /** The definition with its secret: sealed in the database for API ones, from the environment for config ones. */
    private Subscription withSecret(Stored stored) {
        String secret = null;
        if (stored.secretToken() != null) {
            secret = new String(vault.open(SECRET_KIND, stored.definition().id(), stored.secretToken()), UTF_8);
        } else if (CONFIG_ORIGIN.equals(stored.origin())) {
            secret = properties.subscriptions().stream().filter(s -> s.id().equals(stored.definition().id()))
                    .findFirst().map(s -> s.channel().secret()).orElse(null);
        }
        return stored.definition().withSecret(secret);
    }
}
