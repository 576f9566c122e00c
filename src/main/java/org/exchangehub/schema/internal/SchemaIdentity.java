package org.exchangehub.schema.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.exchangehub.schema.PiiAnnotations;
import org.exchangehub.schema.SchemaRegistryException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What makes two schema texts "the same schema". The identity is a SHA-256 over the schema's normalized form:
 * Avro's own serialization of the parsed schema (so whitespace, CRLF line endings, namespace spelling and
 * redundant type wrappers vanish) with object keys sorted (so property order vanishes). Unlike the bare Avro
 * parsing canonical form it keeps {@code doc}, defaults, aliases, logical types and custom properties such as
 * {@code pii}, because a change to any of them changes how the hub treats data and must create a version.
 * The parsing canonical form's 64-bit fingerprint is recorded beside it.
 */
public final class SchemaIdentity {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaIdentity() {
    }

    /**
     * Parses and checks a schema text, including the hub's PII annotation rules.
     *
     * @throws SchemaRegistryException {@code INVALID_SCHEMA} with the parser's message
     */
    public static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw invalid("Empty schema");
        }
        Schema schema;
        try {
            schema = new Schema.Parser().setValidateDefaults(true).parse(schemaText);
        } catch (RuntimeException e) {
            throw invalid("Invalid schema: " + e.getMessage());
        }
        List<String> problems = PiiAnnotations.problems(schema);
        if (!problems.isEmpty()) {
            throw invalid("Invalid schema: " + String.join("; ", problems));
        }
        return schema;
    }

    /** The normalized form: Avro's serialization with object keys sorted at every level. */
    public static String normalizedForm(Schema schema) {
        try {
            return JSON.writeValueAsString(sorted(JSON.readTree(schema.toString())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Avro produced unreadable JSON for a parsed schema", e);
        }
    }

    /** Hex SHA-256 of the normalized form. */
    public static String identityHash(Schema schema) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(normalizedForm(schema).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Avro's 64-bit Rabin fingerprint of the parsing canonical form. */
    public static long parsingFingerprint(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(field.getKey(), sorted(field.getValue()));
            }
            ObjectNode result = JSON.createObjectNode();
            fields.forEach(result::set);
            return result;
        }
        if (node.isArray()) {
            ArrayNode result = JSON.createArrayNode();
            node.forEach(element -> result.add(sorted(element)));
            return result;
        }
        return node;
    }

    private static SchemaRegistryException invalid(String message) {
        return new SchemaRegistryException(SchemaRegistryException.Code.INVALID_SCHEMA, message);
    }
}
