package org.exchangehub.schema;

/**
 * A field of a record schema that holds personal data.
 *
 * @param name       the field name
 * @param category   its PII category
 * @param blindIndex true when the hub keeps a blind index of the field for matching people
 */
public record PiiField(String name, PiiCategory category, boolean blindIndex) {
}
