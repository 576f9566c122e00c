package org.exchangehub.exchange.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.RecordDelivered;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.protect.FieldView;
import org.exchangehub.protect.ProtectedRecord;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.protect.SubscriberView;
import org.exchangehub.schema.PiiField;
import org.exchangehub.schema.RecordCodec;
import org.exchangehub.schema.RecordJson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of one webhook call or feed page: {@code {"subscription": id, "records": [{"cursor", "recordId",
 * "recordType", "version", "sourceDepartment", "record" | "avro"}]}}, each record in the subscriber's view (JSON,
 * or the wire format in base64 for AVRO channels), and what each disclosed. {@code cursor} identifies the
 * delivery: a subscriber may use it to drop a batch it already processed.
 */
final class DeliveryBatch {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Subscription subscription;
    private final ObjectNode body = JSON.createObjectNode();
    private final ArrayNode records;
    private final List<OutboxStore.Row> rows = new ArrayList<>();
    private final Map<Long, Map<String, FieldView>> disclosed = new LinkedHashMap<>();
    private final Map<Long, JournalStore.StoredRecord> stored = new LinkedHashMap<>();
    private final List<GenericRecord> views = new ArrayList<>();
    private final List<ObjectNode> entries = new ArrayList<>();

    DeliveryBatch(Subscription subscription) {
        this.subscription = subscription;
        body.put("subscription", subscription.id());
        records = body.putArray("records");
    }

    /** Adds a record in the subscriber's view; throws FieldDecryptionException when it cannot be built. */
    void add(OutboxStore.Row row, JournalStore.StoredRecord stored, Map<String, String> blindIndexes,
            SubscriberView view, RecordProtection protection, RecordCodec codec) {
        GenericRecord record = protection.view(new ProtectedRecord(codec.decode(stored.payload()), blindIndexes),
                stored.subject(), view);
        ObjectNode entry = JSON.createObjectNode();
        entry.put("cursor", row.id());
        entry.put("recordId", stored.recordId());
        entry.put("recordType", stored.recordType());
        entry.put("version", stored.version());
        entry.put("sourceDepartment", stored.sourceDepartment());
        if (subscription.channel().format() == DeliveryChannel.Format.AVRO) {
            entry.put("avro", Base64.getEncoder().encodeToString(codec.encode(record, stored.schemaId())));
        } else {
            entry.set("record", RecordJson.toJson(record));
        }
        records.add(entry);
        rows.add(row);
        views.add(record);
        entries.add(entry);
        disclosed.put(row.id(), disclosedFields(protection, record, view));
        this.stored.put(row.id(), stored);
    }

    /** The journaled record behind a row of this batch. */
    JournalStore.StoredRecord stored(OutboxStore.Row row) {
        return stored.get(row.id());
    }

    /** The event for the audit log: a record reached a subscriber with these fields disclosed. */
    static RecordDelivered delivered(JournalStore.StoredRecord record, Subscription subscription,
            Map<String, FieldView> disclosed, Instant at) {
        return new RecordDelivered(record.recordId(), record.subject(), record.schemaId(), record.sourceDepartment(),
                subscription.id(), subscription.subscriber(), subscription.purpose(), subscription.legalBasis(),
                disclosed, at);
    }

    /** The PII fields a subscriber sees of a record (present and not omitted), with the view of each. */
    static Map<String, FieldView> disclosedFields(RecordProtection protection, GenericRecord record,
            SubscriberView view) {
        Map<String, FieldView> fields = new LinkedHashMap<>();
        for (PiiField field : protection.piiFields(record.getSchema())) {
            if (record.get(field.name()) != null && view.of(field.name()) != FieldView.OMIT) {
                fields.put(field.name(), view.of(field.name()));
            }
        }
        return fields;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    List<OutboxStore.Row> rows() {
        return rows;
    }

    Map<String, FieldView> disclosed(OutboxStore.Row row) {
        return disclosed.get(row.id());
    }

    /** The body as UTF-8 JSON, written straight to bytes (no String in between). */
    byte[] toJsonBytes() {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a delivery batch could not be written as JSON", e);
        }
    }

    ObjectNode body() {
        return body;
    }

    /** The records in the subscriber's view, in order. */
    List<GenericRecord> views() {
        return views;
    }

    /** The envelope of each record (cursor, recordId, recordType, version, sourceDepartment), in order. */
    List<ObjectNode> entries() {
        return entries;
    }

    /** Notes a record whose view could not be built, so that a feed reader sees it is held. */
    void held(OutboxStore.Row row, String recordId, String reason) {
        ObjectNode entry = records.addObject();
        entry.put("cursor", row.id());
        entry.put("recordId", recordId);
        entry.put("held", reason);
    }
}
