package org.exchangehub.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.exchangehub.protect.FieldMasks;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.PiiAnnotations;
import org.exchangehub.schema.PiiCategory;
import org.exchangehub.schema.PiiField;
import org.springframework.stereotype.Service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Quarantined input for people who fix it without seeing personal data: the raw input with every value masked
 * that is, or might be, personal data — PII fields of the schema (or source fields a mapping feeds into them) by
 * their category's mask, fields the hub does not know as {@code ******}; non-PII fields the schema or mapping
 * knows stay readable. A fix names fields and new values; the hub applies it to the decrypted input and resubmits
 * it through the path the input first took, so the fixer never reads the clear record.
 */
@Service
public class QuarantineInspection {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HIDDEN = "******";

    private final Quarantine quarantine;
    private final Mappings mappings;
    private final CanonicalSchemas schemas;
    private final InboundRecords inbound;

    QuarantineInspection(Quarantine quarantine, Mappings mappings, CanonicalSchemas schemas, InboundRecords inbound) {
        this.quarantine = quarantine;
        this.mappings = mappings;
        this.schemas = schemas;
        this.inbound = inbound;
    }

    /**
     * The masked raw input of an entry; input that is not a JSON object shows only its size.
     *
     * @throws NoSuchElementException for an unknown entry
     */
    public JsonNode masked(String id) {
        QuarantineEntry entry = quarantine.entry(id).orElseThrow(() -> new NoSuchElementException(
                "no quarantine entry " + id));
        JsonNode raw = parse(quarantine.rawPayload(id));
        if (raw == null || !raw.isObject()) {
            ObjectNode opaque = JsonNodeFactory.instance.objectNode();
            opaque.put("unreadable", "not a JSON object; " + quarantine.rawPayload(id).getBytes(UTF_8).length + " bytes");
            return opaque;
        }
        return mask((ObjectNode) raw.deepCopy(), categories(entry));
    }

    /**
     * Applies fixes (field → new value; {@code A/B} for a nested field; null removes it) to the decrypted input and
     * resubmits it. Only fields of the input or of the schema may be fixed.
     *
     * @throws NoSuchElementException   for an entry that does not exist or is not open
     * @throws IllegalArgumentException when the input is not a JSON object
     */
    public InboundOutcome resubmit(String id, Map<String, String> fixes, String actor) {
        quarantine.entry(id).filter(e -> "OPEN".equals(e.status()))
                .orElseThrow(() -> new NoSuchElementException("no open quarantine entry " + id));
        JsonNode raw = parse(quarantine.rawPayload(id));
        if (raw == null || !raw.isObject()) {
            throw new IllegalArgumentException("the quarantined input is not a JSON object; discard it and have the"
                    + " department send it again");
        }
        ObjectNode fixed = (ObjectNode) raw;
        fixes.forEach((path, value) -> {
            String[] steps = path.split("/");
            ObjectNode parent = fixed;
            for (int i = 0; i < steps.length - 1; i++) {
                JsonNode child = parent.get(steps[i]);
                if (child == null || !child.isObject()) {
                    throw new IllegalArgumentException("fixes: '" + path + "' is not a field of the input");
                }
                parent = (ObjectNode) child;
            }
            if (value == null) {
                parent.remove(steps[steps.length - 1]);
            } else {
                parent.put(steps[steps.length - 1], value);
            }
        });
        return inbound.resubmit(id, fixed, actor);
    }

    /** Source or canonical field name → PII category (null for a known non-PII field). */
    private Map<String, PiiCategory> categories(QuarantineEntry entry) {
        Map<String, PiiCategory> canonical = new HashMap<>();
        schemas.forRecordType(entry.recordType()).ifPresent(schema -> {
            schema.schema().getFields().forEach(field -> canonical.put(field.name(), null));
            List<PiiField> pii = PiiAnnotations.of(schema.schema());
            pii.forEach(field -> canonical.put(field.name(), field.category()));
        });
        return quarantine.mappingOf(entry.id()).flatMap(mappings::byId).map(mapping -> {
            Map<String, PiiCategory> source = new HashMap<>();
            mapping.fields().forEach((target, rule) -> {
                PiiCategory category = canonical.get(target);
                if (rule.from() != null) {
                    source.put(leaf(rule.from()), category);
                }
                if (rule.concat() != null) {
                    rule.concat().forEach(from -> source.put(leaf(from), category));
                }
            });
            return source;
        }).orElse(canonical);
    }

    private static ObjectNode mask(ObjectNode node, Map<String, PiiCategory> categories) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> member = it.next();
            JsonNode value = member.getValue();
            if (value.isObject()) {
                mask((ObjectNode) value, categories);
            } else if (value.isArray() || (!value.isNull() && !categories.containsKey(member.getKey()))) {
                member.setValue(TextNode.valueOf(HIDDEN));
            } else if (!value.isNull() && categories.get(member.getKey()) != null) {
                member.setValue(TextNode.valueOf(FieldMasks.mask(categories.get(member.getKey()), value.asText())));
            }
        }
        return node;
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
