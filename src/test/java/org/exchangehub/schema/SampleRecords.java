package org.exchangehub.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Random;
import java.util.UUID;

import org.apache.avro.Schema;
import org.apache.avro.Schema.Field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Random plain-JSON records for any record schema, from a seed: nullable fields are sometimes null, strings mix
 * ASCII, common and rare Chinese characters (including ones outside the BMP) and the middle dot.
 */
public final class SampleRecords {

    private static final String[] FRAGMENTS = { "王", "秀英", "䶮", "𠇔", "·", "买买提", "abc", "12", " ", "街道8号", "é" };
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Random random;

    public SampleRecords(long seed) {
        this.random = new Random(seed);
    }

    /** A random JSON object conforming to the record schema. */
    public ObjectNode next(Schema schema) {
        ObjectNode object = NODES.objectNode();
        for (Field field : schema.getFields()) {
            object.set(field.name(), value(field.schema()));
        }
        return object;
    }

    private JsonNode value(Schema schema) {
        String logical = schema.getLogicalType() == null ? null : schema.getLogicalType().getName();
        return switch (schema.getType()) {
            case UNION -> {
                Schema branch = schema.getTypes().get(random.nextInt(schema.getTypes().size()));
                yield value(branch);
            }
            case NULL -> NODES.nullNode();
            case STRING -> NODES.textNode("uuid".equals(logical) ? new UUID(random.nextLong(), random.nextLong()).toString()
                    : text());
            case INT -> "date".equals(logical)
                    ? NODES.textNode(LocalDate.of(1900, 1, 1).plusDays(random.nextInt(50_000)).toString())
                    : NODES.numberNode(random.nextInt());
            case LONG -> "timestamp-millis".equals(logical)
                    ? NODES.textNode(RecordJson.TIMES.format(ZonedDateTime.ofInstant(
                            Instant.ofEpochMilli(random.nextLong(4_000_000_000_000L)), ZoneId.of("Asia/Shanghai"))))
                    : NODES.numberNode(random.nextLong());
            case BOOLEAN -> NODES.booleanNode(random.nextBoolean());
            case DOUBLE -> NODES.numberNode(random.nextDouble());
            case FLOAT -> NODES.numberNode(random.nextFloat());
            case ENUM -> NODES.textNode(schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case RECORD -> next(schema);
            default -> throw new IllegalArgumentException("no samples for " + schema.getType());
        };
    }

    private String text() {
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(6);
        for (int i = 0; i < parts; i++) {
            text.append(FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        }
        return text.toString();
    }
}
