package org.exchangehub.exchange;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.exchangehub.protect.FieldView;

/**
 * Records reached a subscriber in one batch (a 2xx answer, a file dropped, a feed acknowledgement), with what each
 * disclosed: the view of every PII field that was not omitted. Published in the transaction that moves the
 * subscription's cursor, for the audit log; no personal data.
 *
 * @param subscriptionId the subscription
 * @param subscriber     the receiving department
 * @param purpose        the subscription's purpose
 * @param legalBasis     the subscription's legal basis
 * @param records        what was delivered, in order
 * @param at             when the subscriber acknowledged them
 */
public record RecordsDelivered(String subscriptionId, String subscriber, String purpose, String legalBasis,
        List<Delivered> records, Instant at) {

    /**
     * One record delivered.
     *
     * @param recordId         the record version
     * @param subject          the record's subject ({@code <type>-value})
     * @param schemaId         the registry id of the schema it was stored with
     * @param sourceDepartment the department the record came from
     * @param version          its version under its source key
     * @param position         its position in the journal's log
     * @param disclosed        view per disclosed PII field
     * @param fromLog          true when read from the log after the cursor; false for a delivery that had state of
     *                         its own (a retry, a replayed dead letter, a record that waited behind its key)
     */
    public record Delivered(String recordId, String subject, int schemaId, String sourceDepartment, int version,
            long position, Map<String, FieldView> disclosed, boolean fromLog) {
    }

    public RecordsDelivered {
        records = List.copyOf(records);
    }
}
