package org.exchangehub.schema;

import static org.exchangehub.schema.RecordCodecException.Reason.JSON_MISSING_FIELD;
import static org.exchangehub.schema.RecordCodecException.Reason.JSON_TYPE_MISMATCH;
import static org.exchangehub.schema.RecordCodecException.Reason.JSON_UNKNOWN_FIELD;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;

/**
 * Converts between plain JSON, as department systems send it, and Avro records. Unlike Avro's own JSON
 * encoding, union values are written bare ({@code "name": "张三"}, not {@code {"string": "张三"}}), timestamps
 * in {@link #TIMES} (ISO-8601 with milliseconds and the Asia/Shanghai offset), dates as ISO dates, UUIDs as strings
 * and bytes as base64.
 *
 * <p>Reading is strict: a field without a default must be present, an unknown field is an error, and types
 * must match. Errors name the field path and the expected type, never the value.
 */
public final class RecordJson {

    /**
     * The one form of a time in the hub's JSON — records, API answers, actuator: ISO-8601 (RFC 3339) with
     * milliseconds and an offset, {@code 2026-12-06T12:45:46.123+08:00}.
     */
    public static final DateTimeFormatter TIMES = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSXXX");

    /** An instant in {@link #TIMES}, in Asia/Shanghai (+08:00), cut to the millisecond. */
    public static String time(Instant instant) {
        String fast = IsoTimes.format(instant);
        return fast != null ? fast : TIMES.format(instant.truncatedTo(ChronoUnit.MILLIS).atZone(JsonValues.ZONE));
    }

    private static final ObjectMapper TREES = new ObjectMapper();

    private RecordJson() {
    }

    /** Builds a record of the schema from a JSON object. */
    public static GenericRecord fromJson(JsonNode json, Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("not a record schema: " + schema.getFullName());
        }
        return (GenericRecord) read(json, schema, "$");
    }

    /** Writes a record as a plain JSON object: what {@link #write} writes, as a tree. */
    public static JsonNode toJson(GenericRecord record) {
        try (TokenBuffer tokens = new TokenBuffer(TREES, false)) {
            write(record, tokens);
            return TREES.readTree(tokens.asParser());
        } catch (IOException e) {
            throw new IllegalStateException("a record could not be written as JSON", e);
        }
    }

    /** Writes a record as a plain JSON object straight to a generator, without a tree. */
    public static void write(GenericRecord record, JsonGenerator out) throws IOException {
        JsonValues.write(record, record.getSchema(), out);
    }

    private static Object read(JsonNode node, Schema schema, String path) {
        return switch (schema.getType()) {
            case RECORD -> readRecord(node, schema, path);
            case UNION -> readUnion(node, schema, path);
            case ARRAY -> readArray(node, schema, path);
            case MAP -> readMap(node, schema, path);
            case ENUM -> {
                if (!node.isTextual() || !schema.hasEnumSymbol(node.textValue())) {
                    throw mismatch(path, "one of " + schema.getEnumSymbols(), node);
                }
                yield new GenericData.EnumSymbol(schema, node.textValue());
            }
            case FIXED -> {
                byte[] bytes = JsonValues.base64(node, path);
                if (bytes.length != schema.getFixedSize()) {
                    throw RecordCodecException.at(path, JSON_TYPE_MISMATCH,
                            "field '" + path + "': expected " + schema.getFixedSize() + " bytes");
                }
                yield new GenericData.Fixed(schema, bytes);
            }
            case BYTES -> ByteBuffer.wrap(JsonValues.base64(node, path));
            default -> JsonValues.readScalar(node, schema, path);
        };
    }

    private static GenericRecord readRecord(JsonNode node, Schema schema, String path) {
        if (!node.isObject()) {
            throw mismatch(path, "object", node);
        }
        GenericData.Record record = new GenericData.Record(schema);
        for (Field field : schema.getFields()) {
            JsonNode value = node.get(field.name());
            String fieldPath = path + "." + field.name();
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw RecordCodecException.at(fieldPath, JSON_MISSING_FIELD, "field '" + fieldPath + "' is required");
                }
                record.put(field.pos(), GenericData.get().deepCopy(field.schema(), GenericData.get().getDefaultValue(field)));
            } else {
                record.put(field.pos(), read(value, field.schema(), fieldPath));
            }
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw RecordCodecException.at(path + "." + name, JSON_UNKNOWN_FIELD,
                        "field '" + path + "." + name + "' is not in " + schema.getFullName());
            }
        }
        return record;
    }

    private static Object readUnion(JsonNode node, Schema schema, String path) {
        if (node.isNull()) {
            if (schema.getTypes().stream().anyMatch(branch -> branch.getType() == Schema.Type.NULL)) {
                return null;
            }
            throw mismatch(path, "a value (not null)", node);
        }
        for (Schema branch : schema.getTypes()) {
            if (branch.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                return read(node, branch, path);
            } catch (RecordCodecException notThisBranch) {
                if (schema.getTypes().size() <= 2) {
                    throw notThisBranch;
                }
            }
        }
        throw mismatch(path, "a value of " + schema, node);
    }

    private static List<Object> readArray(JsonNode node, Schema schema, String path) {
        if (!node.isArray()) {
            throw mismatch(path, "array", node);
        }
        List<Object> values = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            values.add(read(node.get(i), schema.getElementType(), path + "[" + i + "]"));
        }
        return new GenericData.Array<>(schema, values);
    }

    private static Map<String, Object> readMap(JsonNode node, Schema schema, String path) {
        if (!node.isObject()) {
            throw mismatch(path, "object", node);
        }
        Map<String, Object> values = new HashMap<>();
        node.fields().forEachRemaining(entry -> values.put(entry.getKey(),
                read(entry.getValue(), schema.getValueType(), path + "." + entry.getKey())));
        return values;
    }

    static RecordCodecException mismatch(String path, String expected, JsonNode actual) {
        return RecordCodecException.at(path, JSON_TYPE_MISMATCH,
                "field '" + path + "': expected " + expected + ", got " + actual.getNodeType().name().toLowerCase());
    }
}
