package org.exchangehub.schema;

import static org.exchangehub.schema.RecordCodecException.Reason.JSON_TYPE_MISMATCH;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

/** Scalar and logical-type conversions behind {@link RecordJson}. */
final class JsonValues {

    /** Zone of local timestamps in and out of the hub. */
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private JsonValues() {
    }

    static Object readScalar(JsonNode node, Schema schema, String path) {
        String logical = logicalType(schema);
        return switch (schema.getType()) {
            case STRING -> {
                if (!node.isTextual()) {
                    throw RecordJson.mismatch(path, "string", node);
                }
                if ("uuid".equals(logical)) {
                    checkUuid(node.textValue(), path);
                }
                yield node.textValue();
            }
            case INT -> "date".equals(logical) && node.isTextual() ? dateValue(node.textValue(), path)
                    : integral(node, path, true).intValue();
            case LONG -> "timestamp-millis".equals(logical) && node.isTextual()
                    ? timestampValue(node.textValue(), path) : integral(node, path, false);
            case FLOAT -> (float) number(node, path);
            case DOUBLE -> number(node, path);
            case BOOLEAN -> {
                if (!node.isBoolean()) {
                    throw RecordJson.mismatch(path, "boolean", node);
                }
                yield node.booleanValue();
            }
            case NULL -> {
                if (!node.isNull()) {
                    throw RecordJson.mismatch(path, "null", node);
                }
                yield null;
            }
            default -> throw new IllegalStateException("not a scalar type: " + schema.getType());
        };
    }

    static byte[] base64(JsonNode node, String path) {
        if (!node.isTextual()) {
            throw RecordJson.mismatch(path, "base64 string", node);
        }
        try {
            return Base64.getDecoder().decode(node.textValue());
        } catch (IllegalArgumentException e) {
            throw RecordCodecException.at(path, JSON_TYPE_MISMATCH, "field '" + path + "': expected base64");
        }
    }

    /** Writes a value of the schema as the hub's plain JSON, token by token. */
    static void write(Object value, Schema schema, JsonGenerator out) throws IOException {
        if (value == null) {
            out.writeNull();
            return;
        }
        switch (schema.getType()) {
            case RECORD -> {
                out.writeStartObject();
                GenericRecord record = (GenericRecord) value;
                for (Field field : schema.getFields()) {
                    out.writeFieldName(field.name());
                    write(record.get(field.pos()), field.schema(), out);
                }
                out.writeEndObject();
            }
            case UNION -> write(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), out);
            case ARRAY -> {
                out.writeStartArray();
                for (Object element : (Collection<?>) value) {
                    write(element, schema.getElementType(), out);
                }
                out.writeEndArray();
            }
            case MAP -> {
                out.writeStartObject();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    out.writeFieldName(entry.getKey().toString());
                    write(entry.getValue(), schema.getValueType(), out);
                }
                out.writeEndObject();
            }
            case STRING, ENUM -> out.writeString(value.toString());
            case INT -> {
                if ("date".equals(logicalType(schema))) {
                    out.writeString(LocalDate.ofEpochDay((Integer) value).toString());
                } else {
                    out.writeNumber((Integer) value);
                }
            }
            case LONG -> {
                if ("timestamp-millis".equals(logicalType(schema))) {
                    out.writeString(RecordJson.time(Instant.ofEpochMilli((Long) value)));
                } else {
                    out.writeNumber((Long) value);
                }
            }
            case FLOAT -> out.writeNumber((Float) value);
            case DOUBLE -> out.writeNumber((Double) value);
            case BOOLEAN -> out.writeBoolean((Boolean) value);
            case BYTES -> out.writeString(Base64.getEncoder().encodeToString(bytes((ByteBuffer) value)));
            case FIXED -> out.writeString(Base64.getEncoder().encodeToString(((GenericData.Fixed) value).bytes()));
            case NULL -> out.writeNull();
        }
    }

    private static String logicalType(Schema schema) {
        LogicalType logicalType = schema.getLogicalType();
        return logicalType == null ? null : logicalType.getName();
    }

    private static Number integral(JsonNode node, String path, boolean asInt) {
        if (!node.isIntegralNumber() || (asInt ? !node.canConvertToInt() : !node.canConvertToLong())) {
            throw RecordJson.mismatch(path, asInt ? "int" : "long", node);
        }
        return asInt ? node.intValue() : node.longValue();
    }

    private static double number(JsonNode node, String path) {
        if (!node.isNumber()) {
            throw RecordJson.mismatch(path, "number", node);
        }
        return node.doubleValue();
    }

    private static int dateValue(String text, String path) {
        try {
            return Math.toIntExact(LocalDate.parse(text).toEpochDay());
        } catch (DateTimeException | ArithmeticException e) {
            throw RecordCodecException.at(path, JSON_TYPE_MISMATCH,
                    "field '" + path + "': expected an ISO date (yyyy-MM-dd)");
        }
    }

    private static long timestampValue(String text, String path) {
        Long fast = IsoTimes.parseOffsetDateTime(text);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeException offsetMissing) {
            try {
                return LocalDateTime.parse(text).atZone(ZONE).toInstant().toEpochMilli();
            } catch (DateTimeException e) {
                throw RecordCodecException.at(path, JSON_TYPE_MISMATCH,
                        "field '" + path + "': expected an ISO-8601 date-time or epoch milliseconds");
            }
        }
    }

    private static void checkUuid(String text, String path) {
        boolean canonical;
        try {
            canonical = UUID.fromString(text).toString().equalsIgnoreCase(text);
        } catch (IllegalArgumentException e) {
            canonical = false;
        }
        if (!canonical) {
            throw RecordCodecException.at(path, JSON_TYPE_MISMATCH, "field '" + path + "': expected a UUID");
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
