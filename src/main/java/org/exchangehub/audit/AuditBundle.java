package org.exchangehub.audit;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The export bundle format (plain Java, shared by the hub and the offline verifier). A zip holding
 * {@code events.ndjson} (one event per line: its canonical members plus {@code prevHash} and {@code hash}),
 * {@code checkpoints.ndjson} ({@code seq}, {@code hash}, {@code at}, {@code keyId}, {@code signature} and, for a
 * time-stamped checkpoint, {@code timestampToken}), {@code audit-public-key.pem}, {@code manifest.json} (format, suite,
 * the node whose chain it is, seq range, the chain's head when exported, counts, the prevHash of the first event, the
 * audit key's fingerprint, the time of export, and the hash of each other file with the suite's digest) and
 * {@code manifest.sig} (base64 of
 * the audit key's signature over the bytes of {@code manifest.json}). A bundle's last event is always covered by a
 * signed checkpoint in it ({@link BundleWriter}).
 */
public final class AuditBundle {

    public static final String FORMAT = "exchange-hub-audit-bundle/3";
    /** The format from before chains per node: its manifest names no node (the chain was {@code node-1}'s). */
    static final String SINGLE_CHAIN_FORMAT = "exchange-hub-audit-bundle/2";
    /** The first format, whose manifest was not signed. */
    static final String UNSIGNED_FORMAT = "exchange-hub-audit-bundle/1";
    public static final String EVENTS = "events.ndjson";
    public static final String CHECKPOINTS = "checkpoints.ndjson";
    public static final String PUBLIC_KEY = "audit-public-key.pem";
    public static final String MANIFEST = "manifest.json";
    public static final String MANIFEST_SIGNATURE = "manifest.sig";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };

    /**
     * The manifest.
     *
     * @param headSeq        the chain's head when the bundle was exported (events after {@code toSeq} existed up to it)
     * @param keyFingerprint hex digest (the suite's) of the audit public key's DER encoding
     * @param node           the hub node whose chain the bundle holds ({@link ChainFormat#FIRST_NODE} in a bundle of
     *                       the format before chains per node)
     */
    public record Manifest(String format, String suite, String node, long fromSeq, long toSeq, long headSeq,
            long events, long checkpoints, String firstPrevHash, String keyFingerprint, String createdAt,
            Map<String, String> files) {

        /** The node whose chain this is. */
        public String chain() {
            return node == null ? ChainFormat.FIRST_NODE : node;
        }
    }

    private static final TypeReference<List<Map<String, Object>>> RECORDS =
            new TypeReference<>() {
            };

    private AuditBundle() {
    }

    public static String eventLine(AuditEvent event) {
        Map<String, Object> members = new LinkedHashMap<>(readTree(event.canonicalJson()));
        members.put("prevHash", event.prevHash());
        members.put("hash", event.hash());
        return CanonicalJson.write(members);
    }

    /**
     * Reads an event line.
     *
     * @throws IllegalArgumentException when the line is not a complete event
     */
    public static AuditEvent event(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return new AuditEvent(required(node, "seq").asLong(), Instant.parse(required(node, "at").asText()),
                    text(node, "actor"), text(node, "action"), text(node, "recordId"), text(node, "subject"),
                    node.path("schemaId").isInt() ? node.get("schemaId").asInt() : null, text(node, "sourceDepartment"),
                    text(node, "targetDepartment"), text(node, "subscriptionId"), text(node, "purpose"),
                    text(node, "legalBasis"), JSON.convertValue(required(node, "fields"), MAP),
                    JSON.convertValue(required(node, "subjectIndexes"), MAP), text(node, "outcome"),
                    text(node, "detail"), required(node, "prevHash").asText(), required(node, "hash").asText(),
                    node.has("records") ? JSON.convertValue(node.get("records"), RECORDS) : null);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an audit event line (" + e.getClass().getSimpleName() + ")");
        }
    }

    public static String checkpointLine(Checkpoint checkpoint) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("seq", checkpoint.seq());
        members.put("hash", checkpoint.hash());
        members.put("at", AuditEvent.TIME.format(checkpoint.at()));
        members.put("keyId", checkpoint.keyId());
        members.put("signature", checkpoint.signature());
        if (checkpoint.timestampToken() != null) {
            members.put("timestampToken", checkpoint.timestampToken());
        }
        if (checkpoint.node() != null) {
            members.put("node", checkpoint.node());
        }
        return CanonicalJson.write(members);
    }

    /**
     * Reads a checkpoint line.
     *
     * @throws IllegalArgumentException when the line is not a complete checkpoint
     */
    public static Checkpoint checkpoint(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return new Checkpoint(required(node, "seq").asLong(), required(node, "hash").asText(),
                    Instant.parse(required(node, "at").asText()), text(node, "keyId"), required(node, "signature").asText(),
                    text(node, "timestampToken"), text(node, "node"));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a checkpoint line (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Reads checkpoint lines ({@code checkpoints.ndjson}, or a witness's record of them); blank lines are skipped.
     *
     * @throws IllegalArgumentException naming the first line that is not a complete checkpoint
     */
    public static List<Checkpoint> checkpoints(String ndjson, String source) {
        List<Checkpoint> checkpoints = new ArrayList<>();
        String[] lines = ndjson.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                try {
                    checkpoints.add(checkpoint(lines[i]));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source + " line " + (i + 1) + ": " + e.getMessage());
                }
            }
        }
        return checkpoints;
    }

    public static String manifestJson(Manifest manifest) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a manifest.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static Manifest manifest(byte[] json) {
        try {
            Manifest manifest = JSON.readValue(json, Manifest.class);
            if (UNSIGNED_FORMAT.equals(manifest.format())) {
                throw new IllegalArgumentException("a bundle of format " + UNSIGNED_FORMAT + " has no signed manifest,"
                        + " so nothing proves where it ends; export the range again");
            }
            if (!FORMAT.equals(manifest.format()) && !SINGLE_CHAIN_FORMAT.equals(manifest.format())) {
                throw new IllegalArgumentException("unknown bundle format '" + manifest.format() + "'");
            }
            return manifest;
        } catch (IOException e) {
            throw new IllegalArgumentException("manifest.json is not valid JSON");
        }
    }

    private static Map<String, Object> readTree(String json) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("missing " + field);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
