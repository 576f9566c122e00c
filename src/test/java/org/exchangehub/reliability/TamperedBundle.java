package org.exchangehub.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.exchangehub.audit.AuditBundle;
import org.exchangehub.audit.AuditEvent;
import org.exchangehub.audit.Checkpoint;
import org.exchangehub.audit.ChainFormat;
import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.PemKeys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Random edits of an exported audit bundle, made the way a forger would: after every edit the manifest's file
 * hashes are recomputed; the manifest's signature stays, except for a forger who re-signs checkpoints and manifest
 * with a key of his own (caught by the witness's record, whose checkpoints that key did not sign).
 */
final class TamperedBundle {

    static final String KEY = AuditBundle.PUBLIC_KEY;
    static final List<String> KINDS = List.of("modify field", "modify hash", "delete line", "insert copy",
            "reorder lines", "truncate tail", "truncate and rewrite manifest", "rewrite and rehash",
            "checkpoint signature", "public key replaced", "manifest range", "truncate consistent",
            "rechain unsigned", "re-signed with another key");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where a re-signing forger's private key waits until the manifest is final (never zipped). */
    private static final String FORGER_KEY = "forger-key";

    private final Map<String, String> original;
    private final CryptoSuite suite;
    private final Random random;

    TamperedBundle(byte[] zip, Random random) throws IOException {
        this.original = unzip(zip);
        this.suite = CryptoSuite.of(JSON.readTree(original.get(AuditBundle.MANIFEST)).get("suite").asText());
        this.random = random;
    }

    String original(String name) {
        return original.get(name);
    }

    String randomKind() {
        return TamperingTests.pick(random, KINDS);
    }

    byte[] apply(String kind) throws IOException {
        Map<String, String> files = new LinkedHashMap<>(original);
        List<String> events = lines(files.get(AuditBundle.EVENTS));
        List<String> checkpoints = lines(files.get(AuditBundle.CHECKPOINTS));
        ObjectNode manifest = (ObjectNode) JSON.readTree(files.get(AuditBundle.MANIFEST));
        int at = random.nextInt(events.size());
        switch (kind) {
            case "modify field" -> events.set(at, modifyField(events.get(at)));
            case "modify hash" -> {
                ObjectNode event = (ObjectNode) JSON.readTree(events.get(at));
                String field = random.nextBoolean() ? "hash" : "prevHash";
                event.put(field, TamperedTables.flipFirst(event.get(field).asText()));
                events.set(at, JSON.writeValueAsString(event));
            }
            case "delete line" -> events.remove(at);
            case "insert copy" -> events.add(at + 1, events.get(at));
            case "reorder lines" -> {
                int other = random.nextBoolean() ? at + 1 : random.nextInt(events.size());
                other = (other == at ? at + 1 : other) % events.size();
                events.set(other, events.set(at, events.get(other)));
            }
            case "truncate tail" -> events.subList(at, events.size()).clear();
            case "truncate and rewrite manifest" -> {
                events.subList(at, events.size()).clear();
                manifest.put("toSeq", manifest.get("fromSeq").asLong() + at - 1).put("events", at);
            }
            case "rewrite and rehash" -> rewriteAndRehash(events, random.nextInt(lastCheckpointIndex(checkpoints,
                    manifest.get("fromSeq").asLong())));
            case "checkpoint signature" -> {
                String stolen = JSON.readTree(checkpoints.get(0)).get("signature").asText();
                int victim = 1 + random.nextInt(checkpoints.size() - 1);
                ObjectNode checkpoint = (ObjectNode) JSON.readTree(checkpoints.get(victim));
                checkpoints.set(victim, JSON.writeValueAsString(checkpoint.put("signature", stolen)));
            }
            case "public key replaced" -> files.put(KEY, PemKeys.publicKeyPem(suite.newKeyPair().getPublic()));
            case "manifest range" -> {
                if (random.nextBoolean()) {
                    manifest.put("firstPrevHash", TamperedTables.flipFirst(manifest.get("firstPrevHash").asText()));
                } else {
                    manifest.put("fromSeq", manifest.get("fromSeq").asLong() + 1);
                }
            }
            case "truncate consistent" -> {
                events.subList(at, events.size()).clear();
                long last = manifest.get("fromSeq").asLong() + at - 1;
                checkpoints.removeIf(line -> AuditBundle.checkpoint(line).seq() > last);
                manifest.put("toSeq", last).put("headSeq", last).put("events", at)
                        .put("checkpoints", checkpoints.size());
            }
            case "rechain unsigned" -> {
                rewriteAndRehash(events, at);
                long changed = manifest.get("fromSeq").asLong() + at;
                checkpoints.removeIf(line -> AuditBundle.checkpoint(line).seq() >= changed);
                manifest.put("checkpoints", checkpoints.size());
            }
            case "re-signed with another key" -> {
                KeyPair forger = suite.newKeyPair();
                files.put(KEY, PemKeys.publicKeyPem(forger.getPublic()));
                checkpoints.replaceAll(line -> resign(line, forger));
                manifest.put("keyFingerprint", HexFormat.of().formatHex(suite.digest(forger.getPublic().getEncoded())));
                files.put(FORGER_KEY, PemKeys.privateKeyPem(forger.getPrivate()));
            }
            default -> throw new IllegalArgumentException(kind);
        }
        files.put(AuditBundle.EVENTS, text(events));
        files.put(AuditBundle.CHECKPOINTS, text(checkpoints));
        ObjectNode hashes = (ObjectNode) manifest.get("files");
        for (String name : List.of(AuditBundle.EVENTS, AuditBundle.CHECKPOINTS, KEY)) {
            hashes.put(name, HexFormat.of().formatHex(suite.digest(files.get(name).getBytes(UTF_8))));
        }
        files.put(AuditBundle.MANIFEST, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(manifest));
        String forgerKey = files.remove(FORGER_KEY);
        if (forgerKey != null) {
            files.put(AuditBundle.MANIFEST_SIGNATURE, Base64.getEncoder().encodeToString(suite.sign(
                    PemKeys.readPrivateKey(forgerKey), files.get(AuditBundle.MANIFEST).getBytes(UTF_8))));
        }
        return zip(files);
    }

    /** A checkpoint line signed with the forger's key (and so without its time-stamp token). */
    private String resign(String line, KeyPair forger) {
        Checkpoint checkpoint = AuditBundle.checkpoint(line);
        return AuditBundle.checkpointLine(new Checkpoint(checkpoint.seq(), checkpoint.hash(), checkpoint.at(),
                checkpoint.keyId(), Base64.getEncoder().encodeToString(suite.sign(forger.getPrivate(),
                        checkpoint.message()))));
    }

    private String modifyField(String line) throws IOException {
        ObjectNode event = (ObjectNode) JSON.readTree(line);
        List<String> names = new ArrayList<>();
        event.fieldNames().forEachRemaining(name -> {
            if (!List.of("seq", "prevHash", "hash").contains(name)) {
                names.add(name);
            }
        });
        String name = TamperingTests.pick(random, names);
        JsonNode value = event.get(name);
        if ("at".equals(name)) {
            event.put(name, AuditEvent.TIME.format(Instant.parse(value.asText()).plusSeconds(1)));
        } else if (value.isObject()) {
            ObjectNode map = (ObjectNode) value;
            String key = map.isEmpty() ? "x" : map.fieldNames().next();
            map.put(key, "x" + map.path(key).asText("CLEAR"));
        } else if (value.isNumber() || "schemaId".equals(name)) {
            event.put(name, value.asInt() + 1);
        } else {
            event.put(name, value.isNull() ? "x" : value.asText() + "x");
        }
        return JSON.writeValueAsString(event);
    }

    /** Changes the event at {@code from} and recomputes every hash after it, so that the chain links again. */
    private void rewriteAndRehash(List<String> events, int from) throws IOException {
        String previous = AuditBundle.event(events.get(from)).prevHash();
        for (int i = from; i < events.size(); i++) {
            ObjectNode event = (ObjectNode) JSON.readTree(events.get(i));
            if (i == from) {
                event.put("targetDepartment", event.path("targetDepartment").asText("") + "-forged");
            }
            event.put("prevHash", previous);
            previous = ChainFormat.chainHash(suite, previous, AuditBundle.event(JSON.writeValueAsString(event))
                    .canonicalJson());
            event.put("hash", previous);
            events.set(i, JSON.writeValueAsString(event));
        }
    }

    /** Index (in the events file) of the event the last checkpoint signs, plus one. */
    private static int lastCheckpointIndex(List<String> checkpoints, long fromSeq) throws IOException {
        long seq = JSON.readTree(checkpoints.get(checkpoints.size() - 1)).get("seq").asLong();
        return (int) (seq - fromSeq + 1);
    }

    private static List<String> lines(String text) {
        return new ArrayList<>(text.lines().filter(line -> !line.isBlank()).toList());
    }

    private static String text(List<String> lines) {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), UTF_8));
            }
        }
        return files;
    }

    private static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
