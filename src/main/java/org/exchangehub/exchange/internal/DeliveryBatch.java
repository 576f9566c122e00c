package org.exchangehub.exchange.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.RecordsDelivered;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.protect.FieldView;
import org.exchangehub.protect.ProtectedRecord;
import org.exchangehub.protect.RecordProtection;
import org.exchangehub.protect.SubscriberView;
import org.exchangehub.schema.PiiField;
import org.exchangehub.schema.RecordCodec;
import org.exchangehub.schema.RecordJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of one webhook call or feed page: {@code {"subscription": id, "records": [{"cursor", "recordId",
 * "recordType", "version", "sourceDepartment", "record" | "avro"}]}}, each record in the subscriber's view (JSON,
 * or the wire format in base64 for AVRO channels), and what each disclosed. {@code cursor} is the record's position
 * in the journal's log: the same for every attempt to deliver it, so a subscriber may use it to drop a batch it
 * already processed.
 *
 * <p>Besides the body, a batch knows the cursor it was read from and the one it reaches — records that did not match
 * the subscription are passed over too — and the exception rows it must write when it is marked: records waiting
 * behind an older version of their key, records held because a field could not be decrypted.
 */
final class DeliveryBatch {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One delivery: a record read from the log ({@code exceptionId} 0) or an exception row (a retry, a replayed
     * dead letter, a record that waited behind its key or was owed before the upgrade to cursors).
     */
    record Item(long exceptionId, long position, String recordId, String recordKey, int attempts) {

        static Item of(OutboxStore.Row row) {
            return new Item(row.id(), row.position(), row.recordId(), row.recordKey(), row.attempts());
        }

        static Item of(DeliveryLog.Entry entry) {
            return new Item(0, entry.position(), entry.record().recordId(), entry.key(), 0);
        }

        boolean fromLog() {
            return exceptionId == 0;
        }
    }

    private final Subscription subscription;
    private final long fromCursor;
    private long toCursor;
    private final ObjectNode body = JSON.createObjectNode();
    private final ArrayNode records;
    private final List<Item> items = new ArrayList<>();
    private final List<JournalStore.StoredRecord> stored = new ArrayList<>();
    private final List<Map<String, FieldView>> disclosed = new ArrayList<>();
    private final List<GenericRecord> views = new ArrayList<>();
    private final List<ObjectNode> entries = new ArrayList<>();
    private final List<OutboxStore.NewRow> exceptions = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();

    /** A delivery whose view could not be built: it is not sent, and counts as a failed attempt. */
    record Held(Item item, String reason) {
    }

    DeliveryBatch(Subscription subscription, long cursor) {
        this.subscription = subscription;
        this.fromCursor = cursor;
        this.toCursor = cursor;
        body.put("subscription", subscription.id());
        records = body.putArray("records");
    }

    /** Adds a record in the subscriber's view; throws FieldDecryptionException when it cannot be built. */
    void add(Item item, JournalStore.StoredRecord record, Map<String, String> blindIndexes, SubscriberView view,
            RecordProtection protection, RecordCodec codec) {
        add(item, record, codec.decode(record.payload()), blindIndexes, view, protection, codec);
    }

    /** {@link #add(Item, JournalStore.StoredRecord, Map, SubscriberView, RecordProtection, RecordCodec)} of a record
     * whose payload is decoded already ({@code decoded}: PII fields hold tokens). */
    void add(Item item, JournalStore.StoredRecord record, GenericRecord decoded, Map<String, String> blindIndexes,
            SubscriberView view, RecordProtection protection, RecordCodec codec) {
        GenericRecord inView = protection.view(new ProtectedRecord(decoded, blindIndexes), record.subject(), view);
        ObjectNode entry = JSON.createObjectNode();
        entry.put("cursor", item.position());
        entry.put("recordId", record.recordId());
        entry.put("recordType", record.recordType());
        entry.put("version", record.version());
        entry.put("sourceDepartment", record.sourceDepartment());
        if (subscription.channel().format() == DeliveryChannel.Format.AVRO) {
            entry.put("avro", Base64.getEncoder().encodeToString(codec.encode(inView, record.schemaId())));
        } else {
            entry.set("record", RecordJson.toJson(inView));
        }
        records.add(entry);
        items.add(item);
        stored.add(record);
        views.add(inView);
        entries.add(entry);
        disclosed.add(disclosedFields(protection, inView, view));
    }

    /** The event for the audit log: this batch's records reached the subscriber with these fields disclosed. */
    RecordsDelivered delivered(Instant at) {
        List<RecordsDelivered.Delivered> records = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            records.add(delivered(stored.get(i), items.get(i).position(), disclosed.get(i), items.get(i).fromLog()));
        }
        return new RecordsDelivered(subscription.id(), subscription.subscriber(), subscription.purpose(),
                subscription.legalBasis(), records, at);
    }

    /** One record of a {@link RecordsDelivered}. */
    static RecordsDelivered.Delivered delivered(JournalStore.StoredRecord record, long position,
            Map<String, FieldView> disclosed, boolean fromLog) {
        return new RecordsDelivered.Delivered(record.recordId(), record.subject(), record.schemaId(),
                record.sourceDepartment(), record.version(), position, disclosed, fromLog);
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
        return items.isEmpty();
    }

    int size() {
        return items.size();
    }

    List<Item> items() {
        return items;
    }

    /** The exception rows of this batch's items: every item that is not read from the log. */
    List<Long> exceptionIds() {
        return items.stream().filter(item -> !item.fromLog()).map(Item::exceptionId).toList();
    }

    /** The cursor this batch was read from. */
    long fromCursor() {
        return fromCursor;
    }

    /** The cursor once this batch is dealt with: the last log position it read or passed over. */
    long toCursor() {
        return toCursor;
    }

    /** The highest log position this batch's records were read from: what must be in the file before it leaves. */
    long readUpTo() {
        long upTo = toCursor;
        for (Item item : items) {
            upTo = Math.max(upTo, item.position());
        }
        return upTo;
    }

    void reached(long cursor) {
        toCursor = Math.max(toCursor, cursor);
    }

    /** True when marking the batch changes anything: deliveries, exception rows to write, or the cursor. */
    boolean changesAnything() {
        return !items.isEmpty() || !exceptions.isEmpty() || !held.isEmpty() || toCursor > fromCursor;
    }

    /** Notes an exception row to write when the batch is marked, whether its call goes through or not. */
    void exception(OutboxStore.NewRow row) {
        exceptions.add(row);
    }

    List<OutboxStore.NewRow> exceptions() {
        return exceptions;
    }

    /** Notes a delivery held back because its view could not be built. */
    void hold(Item item, String reason) {
        held.add(new Held(item, reason));
    }

    List<Held> held() {
        return held;
    }

    /** The body as UTF-8 JSON, written straight to bytes (no String in between). */
    byte[] toJsonBytes() {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
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
    void held(long cursor, String recordId, String reason) {
        ObjectNode entry = records.addObject();
        entry.put("cursor", cursor);
        entry.put("recordId", recordId);
        entry.put("held", reason);
    }
}
