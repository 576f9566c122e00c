package org.exchangehub.exchange;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.exchange.internal.ExchangeProperties;
import org.exchangehub.protect.PemKeys;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.protect.SubscriberView;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.PiiField;
import org.springframework.stereotype.Service;

/**
 * The departments and the active subscriptions, checked against each other and the registry: a subscription
 * names a known department and record type, views only PII fields of that type, and a webhook has a URL.
 * Deny by default: a record type without a matching subscription goes nowhere.
 */
@Service
public class Subscriptions {

    private final Map<String, Department> departments = new ConcurrentHashMap<>();
    private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final CanonicalSchemas schemas;
    private final RecordProtection protection;
    private final org.springframework.context.ApplicationEventPublisher events;

    Subscriptions(ExchangeProperties properties, CanonicalSchemas schemas, RecordProtection protection,
            org.springframework.context.ApplicationEventPublisher events) {
        this.schemas = schemas;
        this.protection = protection;
        this.events = events;
        properties.departments().forEach(department -> departments.put(department.code(), department));
        List<Subscription> configured = properties.subscriptions();
        for (int i = 0; i < configured.size(); i++) {
            String key = "hub.subscriptions[" + i + "] (" + configured.get(i).id() + ")";
            List<String> problems = problems(configured.get(i));
            if (!problems.isEmpty()) {
                throw new IllegalStateException("config/subscriptions.yaml: " + key + ": " + String.join("; ", problems));
            }
            subscriptions.put(configured.get(i).id(), configured.get(i));
        }
    }

    /**
     * Adds or replaces a subscription after checking it; the change applies to records journaled from now on and
     * is published as a {@link SubscriptionChanged} for the audit log.
     */
    public void put(Subscription subscription) {
        List<String> problems = problems(subscription);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("subscription " + subscription.id() + ": " + String.join("; ", problems));
        }
        Subscription previous = subscriptions.put(subscription.id(), subscription);
        events.publishEvent(new SubscriptionChanged(subscription.id(), subscription.subscriber(),
                previous == null ? "CREATED" : "REPLACED", subscription.purpose(), subscription.legalBasis(),
                java.time.Instant.now()));
    }

    /** Removes a subscription; records journaled from now on no longer go to it. */
    public void remove(String id) {
        Subscription removed = subscriptions.remove(id);
        if (removed != null) {
            events.publishEvent(new SubscriptionChanged(id, removed.subscriber(), "REMOVED", removed.purpose(),
                    removed.legalBasis(), java.time.Instant.now()));
        }
    }

    public Optional<Subscription> byId(String id) {
        return Optional.ofNullable(subscriptions.get(id));
    }

    public Collection<Subscription> all() {
        return List.copyOf(subscriptions.values());
    }

    public Optional<Department> department(String code) {
        return Optional.ofNullable(departments.get(code));
    }

    /** The subscriptions a clear record goes to, sorted by id. */
    public List<Subscription> matching(String recordType, GenericRecord clear) {
        return subscriptions.values().stream()
                .filter(subscription -> subscription.recordType().equals(recordType))
                .filter(subscription -> subscription.filter().matches(clear))
                .sorted(java.util.Comparator.comparing(Subscription::id))
                .toList();
    }

    /** The view a subscription's subscriber gets, with its registered sealing key. */
    public SubscriberView viewOf(Subscription subscription) {
        String pem = department(subscription.subscriber()).map(Department::sealingPublicKey).orElse(null);
        return new SubscriberView(subscription.views(), pem == null || pem.isBlank() ? null : PemKeys.readPublicKey(pem));
    }

    private List<String> problems(Subscription subscription) {
        List<String> problems = new ArrayList<>();
        if (!departments.containsKey(subscription.subscriber())) {
            problems.add("subscriber '" + subscription.subscriber() + "' is not in hub.departments");
        }
        var schema = schemas.forRecordType(subscription.recordType());
        if (schema.isEmpty()) {
            problems.add("record-type '" + subscription.recordType() + "' is not one of " + schemas.recordTypes());
        } else {
            List<String> pii = protection.piiFields(schema.get().schema()).stream().map(PiiField::name).toList();
            subscription.views().keySet().stream().filter(field -> !pii.contains(field))
                    .forEach(field -> problems.add("views: '" + field + "' is not a PII field of "
                            + subscription.recordType() + " " + pii));
        }
        if (subscription.channel().type() == DeliveryChannel.Type.WEBHOOK
                && (subscription.channel().url() == null || subscription.channel().url().isBlank())) {
            problems.add("channel.url is required for a WEBHOOK channel");
        }
        if (subscription.channel().type() == DeliveryChannel.Type.FILE) {
            if (subscription.channel().directory() == null || subscription.channel().directory().isBlank()) {
                problems.add("channel.directory is required for a FILE channel");
            }
            if (!List.of("UTF-8-BOM", "GB18030").contains(subscription.channel().encoding())) {
                problems.add("channel.encoding must be UTF-8-BOM or GB18030");
            }
        }
        return problems;
    }
}
