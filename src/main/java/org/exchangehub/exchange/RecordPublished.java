package org.exchangehub.exchange;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A record entered the journal and was fanned out; published inside the journal transaction so that the audit
 * log can record it atomically. Carries ids and blind indexes, never clear personal data.
 *
 * @param recordId         hub id of the record version
 * @param recordType       e.g. {@code death-certificate}
 * @param subject          registry subject and {@code schemaId} of the stored payload
 * @param schemaId         registry id of the writer schema
 * @param sourceDepartment department that supplied it
 * @param version          version of the record under its source key, from 1
 * @param subscriptions    ids of the subscriptions it matched when it was journaled (they read it from the log)
 * @param blindIndexes     blind index per field, for data-subject queries
 * @param at               when it was journaled
 * @param position         its position in the journal's log: known once its transaction is about to commit (the
 *                         audit log reads it as it chains the transaction's events), 0 before
 */
public record RecordPublished(String recordId, String recordType, String subject, int schemaId,
        String sourceDepartment, int version, List<String> subscriptions, Map<String, String> blindIndexes,
        Instant at, LongSupplier position) {
}
