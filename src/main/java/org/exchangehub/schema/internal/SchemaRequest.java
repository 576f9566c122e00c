package org.exchangehub.schema.internal;

import java.util.List;

import org.exchangehub.schema.SchemaRegistry;
import org.exchangehub.schema.SchemaRegistryException;

/** Body of register, lookup and compatibility requests. */
record SchemaRequest(String schema, String schemaType, List<Object> references) {

    /** The schema text, after checking that the request asks for something this registry serves. */
    String avroSchema() {
        if (schemaType != null && !SchemaRegistry.AVRO.equals(schemaType)) {
            throw new SchemaRegistryException(SchemaRegistryException.Code.INVALID_SCHEMA,
                    "Invalid schema type '" + schemaType + "': this registry serves AVRO schemas only");
        }
        if (references != null && !references.isEmpty()) {
            throw new SchemaRegistryException(SchemaRegistryException.Code.INVALID_SCHEMA,
                    "Schema references are not supported: register self-contained schemas");
        }
        return schema;
    }
}
