package org.exchangehub.protect;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.exchangehub.protect.FieldDecryptionException.Reason;
import org.exchangehub.protect.internal.BlindIndexes;
import org.exchangehub.protect.internal.DataKeys;
import org.exchangehub.protect.internal.FieldNonces;
import org.exchangehub.protect.internal.FieldTokens;
import org.exchangehub.protect.internal.OpenedFields;
import org.exchangehub.protect.internal.SealingKeys;
import org.exchangehub.schema.PiiAnnotations;
import org.exchangehub.schema.PiiField;
import org.springframework.stereotype.Service;

/**
 * Protects records of any registered schema by its {@code pii} annotations — no per-schema code — and produces
 * each subscriber's view of a protected record.
 *
 * <p>Guarantees: every non-null PII field of a protected record is an {@code ehx1.} token encrypted under the
 * data key of (record type, category, period), bound by its AAD to the record id, subject and field, so a token
 * moved elsewhere does not decrypt; non-PII fields are untouched; a value that already is a token is refused;
 * a field that cannot be opened raises {@link FieldDecryptionException} and nothing is returned in clear.
 */
@Service
public class RecordProtection {

    private static final String RECORD_ID = "recordId";
    private static final String INGESTED_AT = "ingestedAt";
    private static final String VALUE_SUFFIX = "-value";
    /**
     * Slots for clear values kept for other subscribers of the same records: about 10,000 records of three PII fields
     * (a slot's last value stays until another token takes the slot), some 15 MB of memory.
     */
    private static final int OPENED_FIELDS = 32_768;

    private final DataKeys dataKeys;
    private final BlindIndexes blindIndexes;
    private final Map<Schema, List<PiiField>> piiFields = new ConcurrentHashMap<>();
    /** Fields opened moments ago: the subscribers of a record each read it on their own thread. */
    private final OpenedFields opened = new OpenedFields(OPENED_FIELDS);

    RecordProtection(DataKeys dataKeys, BlindIndexes blindIndexes) {
        this.dataKeys = dataKeys;
        this.blindIndexes = blindIndexes;
    }

    /** Encrypts the PII fields of a clear record and computes its blind indexes. */
    public ProtectedRecord protect(GenericRecord clear, String subject) {
        GenericRecord copy = GenericData.get().deepCopy(clear.getSchema(), clear);
        String recordId = recordId(copy);
        String recordType = subject.endsWith(VALUE_SUFFIX) ? subject.substring(0, subject.length() - VALUE_SUFFIX.length())
                : subject;
        Map<String, String> indexes = new LinkedHashMap<>();
        for (PiiField field : piiFields(copy.getSchema())) {
            Object value = copy.get(field.name());
            if (value == null) {
                continue;
            }
            String text = value.toString();
            if (FieldTokens.isEncrypted(text)) {
                throw new FieldEncryptionException(field.name(), "already encrypted");
            }
            if (field.blindIndex()) {
                indexes.put(field.name(), blindIndexes.index(field.category(), text));
            }
            DataKeys.DataKey key = dataKeys.forEncryption(recordType, field.category());
            byte[] nonce = FieldNonces.SHARED.next();
            byte[] sealed = key.suite().encrypt(key.key(), nonce, FieldTokens.aad(recordId, subject, field.name()),
                    text.getBytes(UTF_8));
            copy.put(field.name(), FieldTokens.encrypted(key.id(), nonce, sealed));
        }
        return new ProtectedRecord(copy, indexes);
    }

    /** The clear record behind a protected one. */
    public GenericRecord reveal(GenericRecord protectedRecord, String subject) {
        GenericRecord copy = GenericData.get().deepCopy(protectedRecord.getSchema(), protectedRecord);
        for (PiiField field : piiFields(copy.getSchema())) {
            Object token = copy.get(field.name());
            if (token != null) {
                copy.put(field.name(), decrypt(copy, subject, field.name(), token.toString()));
            }
        }
        return copy;
    }

    /** The record a subscriber receives: each PII field in its view, unlisted PII fields omitted. */
    public GenericRecord view(ProtectedRecord protectedRecord, String subject, SubscriberView view) {
        GenericRecord record = protectedRecord.record();
        GenericRecord copy = GenericData.get().deepCopy(record.getSchema(), record);
        for (PiiField field : piiFields(copy.getSchema())) {
            Object token = copy.get(field.name());
            FieldView fieldView = view.of(field.name());
            if (token == null || fieldView == FieldView.OMIT) {
                copy.put(field.name(), null);
                continue;
            }
            String clear = decrypt(copy, subject, field.name(), token.toString());
            copy.put(field.name(), viewed(field, clear, fieldView, protectedRecord.blindIndexes(), copy, subject,
                    view));
        }
        return copy;
    }

    /** A clear record passing through the hub in a caller's views, and the blind indexes of its indexed fields. */
    public record ClearView(GenericRecord record, Map<String, String> blindIndexes) {
    }

    /**
     * The record a caller receives of a clear record that passes through the hub without being kept (a query
     * service's answer): each PII field in its view as {@link #view} gives it, unlisted PII fields omitted, without
     * encrypting the fields first.
     */
    public ClearView viewOfClear(GenericRecord clear, String subject, SubscriberView view) {
        GenericRecord copy = GenericData.get().deepCopy(clear.getSchema(), clear);
        Map<String, String> indexes = new LinkedHashMap<>();
        for (PiiField field : piiFields(copy.getSchema())) {
            Object value = copy.get(field.name());
            if (value != null && field.blindIndex()) {
                indexes.put(field.name(), blindIndexes.index(field.category(), value.toString()));
            }
            copy.put(field.name(), value == null ? null
                    : viewed(field, value.toString(), view.of(field.name()), indexes, copy, subject, view));
        }
        return new ClearView(copy, indexes);
    }

    private String viewed(PiiField field, String clear, FieldView fieldView, Map<String, String> indexes,
            GenericRecord record, String subject, SubscriberView view) {
        return switch (fieldView) {
            case CLEAR -> clear;
            case MASKED -> FieldMasks.mask(field.category(), clear);
            case BLIND_INDEX -> indexes.containsKey(field.name()) ? indexes.get(field.name())
                    : blindIndexes.index(field.category(), clear);
            case SEALED -> seal(record, subject, field.name(), clear, view);
            case OMIT -> null;
        };
    }

    /**
     * A keyed fingerprint of a clear record's content (hex), ignoring {@code recordId} and {@code ingestedAt}:
     * equal for the same content sent twice, and not computable without the hub's keys, so it reveals nothing
     * about the content.
     */
    public String fingerprint(GenericRecord clear) {
        GenericRecord content = GenericData.get().deepCopy(clear.getSchema(), clear);
        content.put(RECORD_ID, "");
        if (content.getSchema().getField(INGESTED_AT) != null) {
            content.put(INGESTED_AT, 0L);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
            new GenericDatumWriter<GenericRecord>(content.getSchema()).write(content, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new IllegalStateException("in-memory encoding failed", e);
        }
        DataKeys.DataKey key = dataKeys.forFingerprint();
        return HexFormat.of().formatHex(key.suite().hmac(key.key(), bytes.toByteArray()));
    }

    /**
     * A keyed digest of a text (hex) — of a question or an answer the audit log must be able to prove without holding
     * it: equal for equal text, and not computable without the hub's keys, so that a digest of an ID number cannot be
     * reversed by trying every number.
     */
    public String keyedDigest(String text) {
        DataKeys.DataKey key = dataKeys.forFingerprint();
        return HexFormat.of().formatHex(key.suite().hmac(key.key(), text.getBytes(UTF_8)));
    }

    /**
     * The blind index of a value of a category — the same the journal stores for records about that value, after
     * the same normalization (e.g. 15-digit ID numbers upgraded). The value is not kept.
     */
    public String blindIndex(org.exchangehub.schema.PiiCategory category, String value) {
        return blindIndexes.index(category, value);
    }

    /** The PII fields of a schema, as its annotations declare them. */
    public List<PiiField> piiFields(Schema schema) {
        return piiFields.computeIfAbsent(schema, PiiAnnotations::of);
    }

    private String decrypt(GenericRecord record, String subject, String field, String token) {
        FieldTokens.Encrypted parsed = FieldTokens.parseEncrypted(field, token);
        DataKeys.DataKey key = dataKeys.byId(parsed.dekId())
                .orElseThrow(() -> new FieldDecryptionException(field, Reason.UNKNOWN_KEY));
        String recordId = recordId(record);
        String clear = opened.get(token, recordId, subject, field);
        if (clear != null) {
            return clear;
        }
        try {
            clear = new String(key.suite().decrypt(key.key(), parsed.nonce(),
                    FieldTokens.aad(recordId, subject, field), parsed.ciphertextAndTag()), UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new FieldDecryptionException(field, Reason.AUTHENTICATION_FAILED);
        }
        opened.put(token, recordId, subject, field, clear);
        return clear;
    }

    private static String seal(GenericRecord record, String subject, String field, String clear, SubscriberView view) {
        if (view.sealingKey() == null) {
            throw new FieldDecryptionException(field, Reason.NO_SEALING_KEY);
        }
        CryptoSuite suite = SealingKeys.suiteOf(view.sealingKey());
        return FieldTokens.sealed(suite.seal(view.sealingKey(), FieldTokens.aad(recordId(record), subject, field),
                clear.getBytes(UTF_8)));
    }

    private static String recordId(GenericRecord record) {
        Object id = record.getSchema().getField(RECORD_ID) == null ? null : record.get(RECORD_ID);
        if (id == null) {
            throw new IllegalArgumentException("record " + record.getSchema().getFullName() + " has no recordId");
        }
        return id.toString();
    }
}
