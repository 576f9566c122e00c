package org.exchangehub.catalog;

import java.util.List;
import java.util.Map;

import org.exchangehub.protect.FieldView;

/**
 * What a request would receive, before anything is approved (Once-Only preview): the exact schema of the records,
 * the view of every field, and a sample record made up from the schema — fictional values, every PII value shown
 * masked or as the token format its view delivers. Never data of the resource.
 *
 * @param schemaId the registry id of the schema records are delivered with
 * @param schema   the Avro schema (JSON) of the records
 * @param fields   every field of the record: its view (null for non-PII fields, delivered as they are), whether it
 *                 is delivered, and what the requester would see
 * @param sample   a made-up record as it would be delivered; omitted fields are null
 */
public record SharingPreview(String resource, String provider, String recordType, int schemaId, String schema,
        List<Field> fields, Map<String, Object> sample) {

    /** One field of the delivered record. */
    public record Field(String name, String description, String category, FieldView view, boolean delivered,
            String note) {
    }
}
