package org.exchangehub.protect;

import java.util.Map;

import org.apache.avro.generic.GenericRecord;

/**
 * A record whose PII fields hold {@code ehx1.} tokens, with the blind indexes of its {@code blindIndex} fields,
 * to be stored beside it for matching.
 *
 * @param record       the protected record, same schema as the clear one
 * @param blindIndexes {@code bi1.} index per field name
 */
public record ProtectedRecord(GenericRecord record, Map<String, String> blindIndexes) {

    public ProtectedRecord {
        blindIndexes = Map.copyOf(blindIndexes);
    }
}
