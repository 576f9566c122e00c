package org.exchangehub.exchange;

import java.util.ArrayList;
import java.util.List;

import org.exchangehub.protect.RecordProtection;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.PiiField;

/**
 * What a subscription must be to be put: a known subscriber, a record type of the registry, views of PII fields of
 * that type only, a URL for a webhook, a directory and a known encoding for files.
 */
final class SubscriptionRules {

    private final Departments departments;
    private final CanonicalSchemas schemas;
    private final RecordProtection protection;

    SubscriptionRules(Departments departments, CanonicalSchemas schemas, RecordProtection protection) {
        this.departments = departments;
        this.schemas = schemas;
        this.protection = protection;
    }

    /** What is wrong with a definition; empty when it may be put. */
    List<String> problems(Subscription subscription) {
        List<String> problems = new ArrayList<>();
        if (departments.byCode(subscription.subscriber()).isEmpty()) {
            problems.add("subscriber '" + subscription.subscriber() + "' is not a known department");
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
