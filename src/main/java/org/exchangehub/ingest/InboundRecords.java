package org.exchangehub.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.apache.avro.AvroTypeException;
import org.apache.avro.generic.GenericRecord;
import org.exchangehub.exchange.Journal;
import org.exchangehub.ingest.internal.ElementFormats;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.RecordCodec;
import org.exchangehub.schema.RecordCodecException;
import org.exchangehub.schema.RecordIds;
import org.exchangehub.schema.RecordJson;
import org.exchangehub.schema.RegisteredSchema;
import org.springframework.stereotype.Service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The way in for canonical records, whatever channel they came by: the hub assigns {@code recordId} and
 * {@code ingestedAt}, checks the record against its schema and its data elements (normalizing ID numbers,
 * phones and codes), and either hands it to the journal or quarantines the raw input with reason codes per
 * field. Every input ends accepted, duplicate or quarantined.
 */
@Service
public class InboundRecords {

    private static final String SCHEMA_MISMATCH = "SCHEMA_MISMATCH";

    private final CanonicalSchemas schemas;
    private final Journal journal;
    private final Quarantine quarantine;
    private final RecordCodec codec;
    private final Mappings mappings;
    private final Clock clock;

    InboundRecords(CanonicalSchemas schemas, Journal journal, Quarantine quarantine, RecordCodec codec,
            Mappings mappings, Clock clock) {
        this.schemas = schemas;
        this.mappings = mappings;
        this.codec = codec;
        this.journal = journal;
        this.quarantine = quarantine;
        this.clock = clock;
    }

    /**
     * Receives one canonical record as JSON.
     *
     * @throws UnknownRecordTypeException when the record type has no schema (nothing is stored)
     */
    public InboundOutcome receive(String recordType, JsonNode json, String channel) {
        return commit(List.of(decide(recordType, json, channel, json.toString().getBytes(UTF_8), null))).get(0);
    }

    /**
     * Receives the records of one request together, in one transaction: all are journaled or quarantined, or —
     * on an error — none is. Each record is checked and protected on the caller's thread; the database work joins
     * the journal's group commit. A concurrent request with the same content retries the whole batch, which then
     * finds the duplicates.
     *
     * @throws UnknownRecordTypeException when the record type has no schema (nothing is stored)
     */
    public List<InboundOutcome> receiveAll(String recordType, List<JsonNode> records, String channel) {
        return commit(records.stream()
                .map(record -> decide(recordType, record, channel, record.toString().getBytes(UTF_8), null)).toList());
    }

    /** {@link #receiveAll} for records in the wire format. */
    public List<InboundOutcome> receiveAllWire(String recordType, List<byte[]> messages, String channel) {
        return commit(messages.stream().map(message -> decideWire(recordType, message, channel)).toList());
    }

    /** What becomes of one input: a record ready for the journal, or a quarantine entry. */
    private sealed interface Decision {

        InboundOutcome apply();
    }

    private record Journaling(Journal journal, Journal.Prepared prepared) implements Decision {

        @Override
        public InboundOutcome apply() {
            Journal.Accepted accepted = journal.accept(prepared);
            return InboundOutcome.accepted(accepted.recordId(), accepted.version(), accepted.duplicate());
        }
    }

    /** A record quarantined: its entry prepared (the raw input sealed) before the commit that stores it. */
    private record Quarantining(Quarantine quarantine, Quarantine.Entry entry) implements Decision {

        @Override
        public InboundOutcome apply() {
            return InboundOutcome.quarantined(quarantine.put(entry), entry.problems());
        }

        Quarantining from(String file) {
            return new Quarantining(quarantine, entry.from(file));
        }
    }

    private List<InboundOutcome> commit(List<Decision> decisions) {
        int records = (int) decisions.stream().filter(Journaling.class::isInstance).count();
        return Journal.withRetries(() -> journal.inGroupCommit(records,
                () -> decisions.stream().map(Decision::apply).toList()));
    }

    /**
     * Receives one record of a department's own format through a declarative mapping. The raw source record is
     * what gets quarantined, so that a fixer sees what the department sent.
     *
     * @throws IllegalArgumentException when no mapping has the id
     */
    public InboundOutcome receiveMapped(String mappingId, JsonNode source, String channel) {
        return receiveMapped(mappingId, source, channel, null);
    }

    /**
     * {@link #receiveMapped(String, JsonNode, String)} of a record read from {@code origin} (a file's name), which a
     * quarantine entry lists.
     */
    public InboundOutcome receiveMapped(String mappingId, JsonNode source, String channel, String origin) {
        Mapping mapping = mappings.byId(mappingId)
                .orElseThrow(() -> new IllegalArgumentException("no mapping '" + mappingId + "' in config/mappings"));
        byte[] raw = source.toString().getBytes(UTF_8);
        MappingResult result = mappings.apply(mapping, source);
        Decision decision = result.problems().isEmpty()
                ? decide(mapping.recordType(), result.canonical(), channel, raw, mappingId)
                : quarantine(mapping.sourceDepartment(), mapping.recordType(), mappingId, channel, result.problems(),
                        raw, mappings.sourceKey(mapping, source));
        return commit(List.of(decision instanceof Quarantining quarantining ? quarantining.from(origin) : decision))
                .get(0);
    }

    /**
     * Runs a fixed version of a quarantined input through the same path it first took (its mapping, or the
     * canonical checks) and resolves the entry as {@code RESUBMITTED}. If the fix fails again the answer is a new
     * quarantine entry with its reasons, and the old entry is resolved pointing to it.
     *
     * @throws IllegalArgumentException when the entry does not exist or is not open
     */
    public InboundOutcome resubmit(String quarantineId, JsonNode fixed, String actor) {
        QuarantineEntry entry = quarantine.entry(quarantineId).filter(e -> "OPEN".equals(e.status()))
                .orElseThrow(() -> new IllegalArgumentException("no open quarantine entry " + quarantineId));
        InboundOutcome outcome = quarantine.mappingOf(quarantineId)
                .map(mapping -> receiveMapped(mapping, fixed, entry.channel()))
                .orElseGet(() -> receive(entry.recordType(), fixed, entry.channel()));
        String resolution = "resubmitted by " + actor + ": " + outcome.status() + " "
                + (outcome.recordId() != null ? outcome.recordId() : outcome.quarantineId());
        quarantine.resolve(quarantineId, "RESUBMITTED", resolution);
        return outcome;
    }

    /**
     * A record checked as a received one is — against its schema and its data elements, with {@code recordId} and
     * {@code ingestedAt} stamped — but neither kept nor quarantined: for answers that pass through the hub.
     *
     * @param record   the clear record, normalized; null when there are problems
     * @param problems the fields that failed, with reason codes; empty when the record is good
     */
    public record Checked(GenericRecord record, List<FieldProblem> problems) {
    }

    /**
     * Checks a record without keeping it (see {@link Checked}).
     *
     * @throws UnknownRecordTypeException when the record type has no schema
     */
    public Checked check(String recordType, JsonNode json) {
        RegisteredSchema schema = schemas.forRecordType(recordType)
                .orElseThrow(() -> new UnknownRecordTypeException(recordType, schemas.recordTypes()));
        if (!json.isObject()) {
            return new Checked(null, List.of(new FieldProblem("$", SCHEMA_MISMATCH)));
        }
        String garbled = garbledText(json, "");
        if (garbled != null) {
            return new Checked(null, List.of(new FieldProblem(garbled, ReasonCode.ENCODING.name())));
        }
        return check(schema, (ObjectNode) json);
    }

    private Checked check(RegisteredSchema schema, ObjectNode json) {
        ObjectNode stamped = json.deepCopy();
        OffsetDateTime now = OffsetDateTime.now(clock);
        stamped.put("recordId", RecordIds.next(now.toInstant()));
        stamped.put("ingestedAt", now.toString());
        GenericRecord record;
        try {
            record = RecordJson.fromJson(stamped, schema.schema());
        } catch (RecordCodecException e) {
            String code = e.reason() == RecordCodecException.Reason.JSON_MISSING_FIELD
                    ? ReasonCode.REQUIRED_MISSING.name() : SCHEMA_MISMATCH;
            return new Checked(null, List.of(new FieldProblem(field(e.path()), code)));
        }
        List<FieldProblem> problems = ElementFormats.check(record);
        return problems.isEmpty() ? new Checked(record, List.of()) : new Checked(null, problems);
    }

    private Decision decide(String recordType, JsonNode json, String channel, byte[] raw, String mappingId) {
        String department = json.path("sourceDepartment").isTextual() ? json.get("sourceDepartment").asText() : null;
        String key = json.path("sourceKey").isValueNode() ? json.get("sourceKey").asText() : null;
        Checked checked = check(recordType, json);
        if (!checked.problems().isEmpty()) {
            return quarantine(department, recordType, mappingId, channel, checked.problems(), raw, key);
        }
        return new Journaling(journal, journal.prepare(checked.record(), recordType));
    }

    /**
     * Receives one record in the wire format; its writer schema must be a version of the record type's schema.
     *
     * @throws UnknownRecordTypeException when the record type has no schema (nothing is stored)
     */
    public InboundOutcome receiveWire(String recordType, byte[] wire, String channel) {
        return commit(List.of(decideWire(recordType, wire, channel))).get(0);
    }

    private Decision decideWire(String recordType, byte[] wire, String channel) {
        RegisteredSchema schema = schemas.forRecordType(recordType)
                .orElseThrow(() -> new UnknownRecordTypeException(recordType, schemas.recordTypes()));
        GenericRecord decoded;
        try {
            decoded = codec.decode(wire, schema.schema());
        } catch (RecordCodecException e) {
            return quarantine(null, recordType, null, channel, List.of(new FieldProblem("$", e.reason().name())), wire,
                    null);
        } catch (AvroTypeException e) {
            return quarantine(null, recordType, null, channel, List.of(new FieldProblem("$", SCHEMA_MISMATCH)), wire,
                    null);
        }
        JsonNode json = RecordJson.toJson(decoded);
        return decide(recordType, json, channel, json.toString().getBytes(UTF_8), null);
    }

    private Decision quarantine(String department, String recordType, String mappingId, String channel,
            List<FieldProblem> problems, byte[] raw, String sourceKey) {
        return new Quarantining(quarantine, quarantine.prepare(department, recordType, mappingId, channel, problems,
                raw, sourceKey, null));
    }

    /**
     * The first field whose text is not well-formed: U+FFFD (what Avro and the decoders make of bytes that are not
     * UTF-8) or a surrogate without its pair; null when every text is well-formed.
     */
    private static String garbledText(JsonNode node, String path) {
        if (node.isTextual()) {
            String text = node.textValue();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\uFFFD' || (Character.isHighSurrogate(c)
                        ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(++i))
                        : Character.isLowSurrogate(c))) {
                    return path.isEmpty() ? "$" : path;
                }
            }
            return null;
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            String found = garbledText(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey());
            if (found != null) {
                return found;
            }
        }
        for (int i = 0; node.isArray() && i < node.size(); i++) {
            String found = garbledText(node.get(i), path + "[" + i + "]");
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String field(String path) {
        return path.startsWith("$.") ? path.substring(2) : path;
    }
}
