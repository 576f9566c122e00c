package org.exchangehub.schema;

import static org.exchangehub.schema.RecordCodecException.Reason.BAD_MAGIC_BYTE;
import static org.exchangehub.schema.RecordCodecException.Reason.INVALID_RECORD;
import static org.exchangehub.schema.RecordCodecException.Reason.MALFORMED_AVRO;
import static org.exchangehub.schema.RecordCodecException.Reason.SCHEMA_NOT_REGISTERED;
import static org.exchangehub.schema.RecordCodecException.Reason.TRUNCATED;
import static org.exchangehub.schema.RecordCodecException.Reason.UNKNOWN_SCHEMA_ID;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.UnresolvedUnionException;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.springframework.stereotype.Component;

/**
 * Encodes and decodes records in the hub's wire format, the Confluent one: byte {@code 0x00}, the writer
 * schema's registry id as 4 bytes big-endian, then the Avro binary encoding. Writer schemas are fetched from
 * the registry once per id and cached. Every failure is a {@link RecordCodecException} with a reason.
 */
@Component
public class RecordCodec {

    /** First byte of every wire-format message. */
    public static final byte MAGIC_BYTE = 0x0;
    /** Length of the header: magic byte and schema id. */
    public static final int HEADER_LENGTH = 5;

    private final SchemaRegistry registry;
    private final Map<Schema, GenericDatumWriter<GenericRecord>> writers = new ConcurrentHashMap<>();
    private final Map<ReaderKey, GenericDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

    private record ReaderKey(int writerId, Schema reader) {
    }

    RecordCodec(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** Encodes a record whose schema is registered. */
    public byte[] encode(GenericRecord record) {
        int id;
        try {
            id = registry.idOf(record.getSchema());
        } catch (SchemaRegistryException e) {
            throw new RecordCodecException(SCHEMA_NOT_REGISTERED, e.getMessage(), e);
        }
        return encode(record, id);
    }

    /** Encodes a record under a given schema id (the caller vouches that the id is the record's schema). */
    public byte[] encode(GenericRecord record, int schemaId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            writers.computeIfAbsent(record.getSchema(), GenericDatumWriter::new).write(record, encoder);
            encoder.flush();
        } catch (UnresolvedUnionException e) {
            throw new RecordCodecException(INVALID_RECORD, "a value matches no branch of its union in "
                    + record.getSchema().getFullName());
        } catch (NullPointerException e) {
            throw new RecordCodecException(INVALID_RECORD, String.valueOf(e.getMessage()));
        } catch (IOException | RuntimeException e) {
            throw new RecordCodecException(INVALID_RECORD, "record does not conform to "
                    + record.getSchema().getFullName() + " (" + e.getClass().getSimpleName() + ")");
        }
        return out.toByteArray();
    }

    /** The schema id in a message's header. */
    public int schemaId(byte[] message) {
        if (message == null || message.length < HEADER_LENGTH) {
            throw new RecordCodecException(TRUNCATED, "message shorter than the " + HEADER_LENGTH + "-byte header");
        }
        if (message[0] != MAGIC_BYTE) {
            throw new RecordCodecException(BAD_MAGIC_BYTE, "first byte is 0x%02x, expected 0x00".formatted(message[0]));
        }
        return ByteBuffer.wrap(message, 1, 4).getInt();
    }

    /** Decodes a message with its writer schema. */
    public GenericRecord decode(byte[] message) {
        int id = schemaId(message);
        return read(message, id, readers.computeIfAbsent(new ReaderKey(id, null),
                key -> new GenericDatumReader<>(writerSchema(id))));
    }

    /** Decodes a message into a reader schema, resolving differences by Avro's schema resolution rules. */
    public GenericRecord decode(byte[] message, Schema readerSchema) {
        int id = schemaId(message);
        return read(message, id, readers.computeIfAbsent(new ReaderKey(id, readerSchema),
                key -> new GenericDatumReader<>(writerSchema(id), readerSchema)));
    }

    private Schema writerSchema(int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new RecordCodecException(UNKNOWN_SCHEMA_ID, "schema id " + id + " is not in the registry", e);
        }
    }

    private static GenericRecord read(byte[] message, int id, GenericDatumReader<GenericRecord> reader) {
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(message, HEADER_LENGTH, message.length - HEADER_LENGTH, null);
        GenericRecord record;
        try {
            record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new RecordCodecException(MALFORMED_AVRO, "trailing bytes after the record (schema id " + id + ")");
            }
        } catch (EOFException e) {
            throw new RecordCodecException(TRUNCATED, "Avro body ends early (schema id " + id + ")");
        } catch (IOException | RuntimeException e) {
            if (e instanceof RecordCodecException codecException) {
                throw codecException;
            }
            throw new RecordCodecException(MALFORMED_AVRO, "not a valid encoding for schema id " + id
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        return record;
    }
}
