/**
 * The embedded schema registry: canonical Avro schemas by subject and version, compatibility rules, the
 * wire format ({@code 0x00}, 4-byte big-endian schema id, Avro binary) and the PII annotations that the
 * protection module reads from each schema. Its REST API under {@code /registry} is wire-compatible with the
 * Confluent Schema Registry.
 */
@ApplicationModule(displayName = "Schema registry")
package org.exchangehub.schema;

import org.springframework.modulith.ApplicationModule;
