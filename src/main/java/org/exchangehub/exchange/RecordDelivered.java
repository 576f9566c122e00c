package org.exchangehub.exchange;

import java.time.Instant;
import java.util.Map;

import org.exchangehub.protect.FieldView;

/**
 * A record reached a subscriber (2xx answer), with what was disclosed: the view of every PII field that was
 * not omitted. For the audit log; no personal data.
 *
 * @param recordId         the record version delivered
 * @param subject          the record's subject ({@code <type>-value})
 * @param schemaId         the registry id of the schema it was stored with
 * @param sourceDepartment the department the record came from
 * @param subscriptionId   the subscription
 * @param subscriber       the receiving department
 * @param purpose          the subscription's purpose
 * @param legalBasis       the subscription's legal basis
 * @param disclosed        view per disclosed PII field
 * @param at               when the subscriber acknowledged it
 */
public record RecordDelivered(String recordId, String subject, int schemaId, String sourceDepartment,
        String subscriptionId, String subscriber, String purpose, String legalBasis, Map<String, FieldView> disclosed,
        Instant at) {
}
