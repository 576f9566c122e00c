package org.exchangehub.exchange.internal;

import java.io.IOException;
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

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;

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

    /** A record's envelope in a body: its cursor and what identifies it. */
    record Envelope(long cursor, String recordId, String recordType, int version, String sourceDepartment) {
    }

    /** A record in the body: its envelope and the record in the subscriber's view, and its wire format in base64 for
     * an AVRO channel (null otherwise). */
    record Written(Envelope envelope, GenericRecord view, String avro) {
    }

    /** A record of a feed page whose view could not be built. */
    private record HeldNote(long cursor, String recordId, String reason) {
    }

    private final Subscription subscription;
    private final long fromCursor;
    private long toCursor;
    /** The body's records in order: {@link Written} and {@link HeldNote}. */
    private final List<Object> body = new ArrayList<>();
    private final List<Item> items = new ArrayList<>();
    private final List<JournalStore.StoredRecord> stored = new ArrayList<>();
    private final List<Map<String, FieldView>> disclosed = new ArrayList<>();
    private final List<OutboxStore.NewRow> exceptions = new ArrayList<>();
    private final List<Held> held = new ArrayList<>();

    /** A delivery whose view could not be built: it is not sent, and counts as a failed attempt. */
    record Held(Item item, String reason) {
    }

    DeliveryBatch(Subscription subscription, long cursor) {
        this.subscription = subscription;
        this.fromCursor = cursor;
        this.toCursor = cursor;
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
        Envelope entry = new Envelope(item.position(), record.recordId(), record.recordType(), record.version(),
                record.sourceDepartment());
        body.add(new Written(entry, inView, subscription.channel().format() == DeliveryChannel.Format.AVRO
                ? Base64.getEncoder().encodeToString(codec.encode(inView, record.schemaId())) : null));
        items.add(item);
        stored.add(record);
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

    /** The body as UTF-8 JSON, written straight to bytes (no tree, no String in between). */
    byte[] toJsonBytes() {
        ByteArrayBuilder bytes = new ByteArrayBuilder(256 + 1024 * body.size());
        try (JsonGenerator out = JSON.getFactory().createGenerator(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new IllegalStateException("a delivery batch could not be written as JSON", e);
        }
        return bytes.toByteArray();
    }

    /** The body as a tree, for an answer that adds to it (a feed page's {@code nextCursor}). */
    ObjectNode body() {
        try (TokenBuffer tokens = new TokenBuffer(JSON, false)) {
            write(tokens);
            return JSON.readTree(tokens.asParser());
        } catch (IOException e) {
            throw new IllegalStateException("a delivery batch could not be written as JSON", e);
        }
    }

    private void write(JsonGenerator out) throws IOException {
        out.writeStartObject();
        out.writeStringField("subscription", subscription.id());
        out.writeArrayFieldStart("records");
        for (Object item : body) {
            out.writeStartObject();
            if (item instanceof Written written) {
                Envelope entry = written.envelope();
                out.writeNumberField("cursor", entry.cursor());
                out.writeStringField("recordId", entry.recordId());
                out.writeStringField("recordType", entry.recordType());
                out.writeNumberField("version", entry.version());
                out.writeStringField("sourceDepartment", entry.sourceDepartment());
                if (written.avro() != null) {
                    out.writeStringField("avro", written.avro());
                } else {
                    out.writeFieldName("record");
                    RecordJson.write(written.view(), out);
                }
            } else {
                HeldNote note = (HeldNote) item;
                out.writeNumberField("cursor", note.cursor());
                out.writeStringField("recordId", note.recordId());
                out.writeStringField("held", note.reason());
            }
            out.writeEndObject();
        }
        out.writeEndArray();
        out.writeEndObject();
    }

    /** The records in the body, in order: each with its envelope and its view. */
    List<Written> written() {
        return body.stream().filter(Written.class::isInstance).map(Written.class::cast).toList();
    }

    /** Notes a record whose view could not be built, so that a feed reader sees it is held. */
    void held(long cursor, String recordId, String reason) {
        body.add(new HeldNote(cursor, recordId, reason));
    }
}
