package org.exchangehub.protect;

import java.security.PublicKey;
import java.util.Map;

/**
 * The fields of a record one subscriber may see, and how.
 *
 * @param fields     view per PII field name; PII fields not listed are omitted
 * @param sealingKey the subscriber's registered public key (SM2 or P-256) for {@link FieldView#SEALED} fields;
 *                   null when it has none
 */
public record SubscriberView(Map<String, FieldView> fields, PublicKey sealingKey) {

    public SubscriberView {
        fields = Map.copyOf(fields);
    }

    /** The view of a field: its listed view, else OMIT. */
    public FieldView of(String field) {
        return fields.getOrDefault(field, FieldView.OMIT);
    }
}
