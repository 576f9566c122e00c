package org.exchangehub.ingest;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks the envelope of a page answered by a polling source ({@code nextCursor}, {@code hasMore} and the list
 * of records) before any of its records is handed to the hub, called from adapter routes
 * ({@code method: "check('police-incidents', ${body}, 'data', true)"}). A page that breaks the contract fails
 * the poll — the cursor stays where it is and the adapter shows FAILING — instead of moving the cursor past
 * records nobody read, or asking for the same page forever when the source says there is more but does not
 * advance its cursor. Messages name the adapter and the field, never record content.
 */
@Component("sourcePages")
public class SourcePages {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AdapterCursors cursors;

    SourcePages(AdapterCursors cursors) {
        this.cursors = cursors;
    }

    /**
     * @param page          the unmarshalled answer: a {@link JsonNode} (XML or JSON) or a map (Camel's JSON)
     * @param itemsField    the field holding the records
     * @param itemsRequired whether the field must be present (JSON pages always carry a list, XML pages leave out
     *                      an empty one); when present it must be a list or a single record
     */
    public void check(String adapterId, Object page, String itemsField, boolean itemsRequired) {
        JsonNode tree = page instanceof JsonNode node ? node : JSON.valueToTree(page);
        if (tree == null || !tree.isObject()) {
            throw new SourcePageException(adapterId, "the answer is not an object with nextCursor, hasMore and "
                    + itemsField);
        }
        JsonNode items = tree.get(itemsField);
        if (items == null || items.isNull()) {
            if (itemsRequired) {
                throw new SourcePageException(adapterId, "the answer has no " + itemsField + " list");
            }
        } else if (!items.isArray() && !items.isObject()) {
            throw new SourcePageException(adapterId, itemsField + " is not a list of records");
        }
        JsonNode next = tree.get("nextCursor");
        if (next == null || !next.isValueNode() || next.isNull() || next.asText().isBlank()) {
            throw new SourcePageException(adapterId, "the answer has no nextCursor");
        }
        boolean more = hasMore(adapterId, tree.get("hasMore"));
        if (more && next.asText().equals(cursors.get(adapterId, null))) {
            throw new SourcePageException(adapterId,
                    "the answer says hasMore but nextCursor did not advance (the same page would be asked for forever)");
        }
    }

    private static boolean hasMore(String adapterId, JsonNode value) {
        if (value != null && value.isBoolean()) {
            return value.booleanValue();
        }
        if (value != null && value.isTextual() && ("true".equals(value.asText()) || "false".equals(value.asText()))) {
            return Boolean.parseBoolean(value.asText());
        }
        throw new SourcePageException(adapterId, "hasMore is missing or not true/false");
    }

    /** A page from a source system that breaks the paging contract; the poll fails and is retried. */
    public static class SourcePageException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        SourcePageException(String adapterId, String problem) {
            super(adapterId + ": malformed page from the source system: " + problem);
        }
    }
}
