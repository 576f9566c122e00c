package org.exchangehub.schema;

import org.apache.avro.Schema;

/**
 * One version of a subject: the global schema id, the version number within the subject and the schema.
 *
 * @param subject    subject name, e.g. {@code police-incident-value}
 * @param version    version within the subject, from 1
 * @param id         global schema id, stable for the life of the registry
 * @param schemaText the schema as stored (compact JSON)
 * @param schema     the parsed schema
 * @param deleted    true when the version is soft-deleted
 */
public record RegisteredSchema(String subject, int version, int id, String schemaText, Schema schema,
        boolean deleted) {
}
