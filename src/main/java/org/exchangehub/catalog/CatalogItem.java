package org.exchangehub.catalog;

import org.exchangehub.protect.FieldView;

/**
 * A data item (数据项) of a catalog resource as requesters browse it: a field of the record type with its description
 * and PII category from the schema, its sharing attribute and widest view.
 *
 * @param category        the PII category (e.g. ID_NUMBER, HEALTH), null for non-PII fields
 * @param alwaysDelivered non-PII fields travel with every record of the resource; PII fields only when requested
 * @param maxView         the widest view a request may ask for; null for non-PII fields (delivered as they are)
 */
public record CatalogItem(String name, String description, String category, SharingAttribute sharing,
        FieldView maxView, boolean alwaysDelivered) {
}
