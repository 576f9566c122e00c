package org.exchangehub.exchange;

import static org.exchangehub.exchange.SubscriptionVersions.CONFIG_ORIGIN;

import java.util.List;
import java.util.Optional;

import org.exchangehub.exchange.Subscriptions.State;
import org.exchangehub.exchange.internal.ChangeDiff;
import org.exchangehub.exchange.internal.ExchangeProperties;
import org.exchangehub.exchange.internal.SubscriptionStore;
import org.exchangehub.exchange.internal.SubscriptionStore.Stored;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies {@code config/departments.yaml} and {@code config/subscriptions.yaml} at start, once every bean (and so
 * every audit listener) exists: a file entry is created when first seen, re-applied as a new version when it changed
 * in the file (compared by the hash of its definition, secret left out), and removed when it left the file. A bad
 * entry stops the start with a message naming it; an id that a sharing request's grant holds is refused.
 */
@Component
class SubscriptionSeeder implements SmartInitializingSingleton {

    private final ExchangeProperties properties;
    private final Departments departments;
    private final Subscriptions subscriptions;
    private final SubscriptionVersions versions;
    private final SubscriptionStore store;
    private final TransactionTemplate transactions;

    SubscriptionSeeder(ExchangeProperties properties, Departments departments, Subscriptions subscriptions,
            SubscriptionVersions versions, SubscriptionStore store, TransactionTemplate transactions) {
        this.properties = properties;
        this.departments = departments;
        this.subscriptions = subscriptions;
        this.versions = versions;
        this.store = store;
        this.transactions = transactions;
    }

    @Override
    public void afterSingletonsInstantiated() {
        transactions.executeWithoutResult(status -> {
            departments.seed(properties);
            List<Subscription> configured = properties.subscriptions();
            for (int i = 0; i < configured.size(); i++) {
                List<String> problems = subscriptions.problems(configured.get(i));
                if (!problems.isEmpty()) {
                    throw new IllegalStateException("config/subscriptions.yaml: hub.subscriptions[" + i + "] ("
                            + configured.get(i).id() + "): " + String.join("; ", problems));
                }
            }
            configured.forEach(this::apply);
            List<String> ids = configured.stream().map(Subscription::id).toList();
            store.liveFromConfig().stream().filter(stored -> !ids.contains(stored.definition().id()))
                    .forEach(stored -> versions.write(stored, stored.definition(), null, State.DELETED,
                            CONFIG_ORIGIN, stored.configHash(), "REMOVED", Departments.CONFIG, null));
        });
        versions.reload();
    }

    /** Creates or re-applies one file entry when it is new or changed. */
    private void apply(Subscription subscription) {
        Subscription definition = subscription.withSecret(null);
        String hash = ChangeDiff.hash(definition);
        Optional<Stored> stored = versions.stored(subscription.id());
        if (stored.isPresent() && hash.equals(stored.get().configHash())) {
            return;
        }
        stored.filter(s -> s.state() != State.DELETED && Subscriptions.GRANT.equals(s.origin())).ifPresent(s -> {
            throw new IllegalStateException("config/subscriptions.yaml: id '" + subscription.id()
                    + "' is the subscription granted by sharing request " + subscription.id() + "; choose another id");
        });
        boolean created = stored.isEmpty() || stored.get().state() == State.DELETED;
        versions.write(stored.orElse(null), definition, null, State.ACTIVE, CONFIG_ORIGIN, hash,
                created ? "CREATED" : "REPLACED", Departments.CONFIG, null);
    }
}
