package org.exchangehub.ingest.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.ingest.FieldProblem;
import org.exchangehub.ingest.InboundOutcome;
import org.exchangehub.ingest.InboundRecords;
import org.exchangehub.schema.RecordCodec;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The push API for department systems (12345 hotline, grid): {@code POST /api/v1/inbound/{recordType}} with one
 * canonical record as a JSON object, a batch as a JSON array (or {@code {"records": [...]}}), one record in the
 * Avro wire format ({@code application/vnd.exchangehub.avro}) or a batch of them, each prefixed by its length as
 * 4 bytes big-endian ({@code application/vnd.exchangehub.avro-batch}). The answer lists, per record in order,
 * whether it was accepted (with its id), a duplicate, or quarantined (with reason codes per field).
 */
@RestController
@RequestMapping("/api/v1/inbound")
class InboundResource {

    static final String AVRO = "application/vnd.exchangehub.avro";
    static final String AVRO_BATCH = "application/vnd.exchangehub.avro-batch";
    static final String CHANNEL = "PUSH";

    /** One record's outcome, at its position in the request. */
    record Result(int index, InboundOutcome.Status status, String recordId, Integer version, String quarantineId,
            List<FieldProblem> problems) {

        static Result of(int index, InboundOutcome outcome) {
            return new Result(index, outcome.status(), outcome.recordId(), outcome.version(), outcome.quarantineId(),
                    outcome.problems());
        }
    }

    /** The answer: one result per record. */
    record Results(List<Result> results) {
    }

    private final InboundRecords inbound;
    private final IngestProperties properties;
    /** Refuses what a lenient parser would guess at: text after the value, a key given twice. */
    private final ObjectReader strictJson;
    private final RecordCodec codec;

    InboundResource(InboundRecords inbound, IngestProperties properties, ObjectMapper json, RecordCodec codec) {
        this.codec = codec;
        this.inbound = inbound;
        this.properties = properties;
        this.strictJson = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    @PostMapping(path = "/{recordType}", consumes = MediaType.APPLICATION_JSON_VALUE)
    Results pushJson(@PathVariable String recordType, @RequestBody byte[] body) throws IOException {
        checkSize(body);
        checkUtf8(body);
        JsonNode root = strictJson.readTree(body);
        if (root == null || !(root.isObject() || root.isArray())) {
            throw new MalformedBatchException("the body is not a JSON record, an array of records or {\"records\": [...]}"
                    + " (it is empty, blank or a single value)");
        }
        JsonNode records = root.isArray() ? root : root.has("records") && root.get("records").isArray()
                ? root.get("records") : null;
        List<JsonNode> list = new ArrayList<>();
        if (records == null) {
            list.add(root);
        } else {
            checkCount(records.size());
            records.forEach(list::add);
        }
        String caller = CallingDepartment.current().orElse(null);
        list.forEach(record -> ownSource(caller, record));
        return results(inbound.receiveAll(recordType, list, CHANNEL));
    }

    @PostMapping(path = "/{recordType}", consumes = AVRO)
    Results pushAvro(@PathVariable String recordType, @RequestBody byte[] body) {
        checkSize(body);
        ownSource(CallingDepartment.current().orElse(null), body);
        return new Results(List.of(Result.of(0, inbound.receiveWire(recordType, body, CHANNEL))));
    }

    /**
     * A department pushes only its own records: a record naming another source department refuses the whole
     * request before anything is stored; a record naming none is stamped with the caller's code.
     */
    private static void ownSource(String caller, JsonNode record) {
        if (caller == null || !record.isObject()) {
            return;
        }
        JsonNode source = record.get("sourceDepartment");
        if (source == null || source.isNull()) {
            ((ObjectNode) record).put("sourceDepartment", caller);
        } else if (!caller.equals(source.asText())) {
            throw new AccessDeniedException("record of another department");
        }
    }

    private void ownSource(String caller, byte[] wire) {
        if (caller == null) {
            return;
        }
        Object source;
        try {
            source = codec.decode(wire).get("sourceDepartment");
        } catch (RuntimeException undecodable) {
            return; // quarantined with its reason by the pipeline
        }
        if (source != null && !caller.equals(source.toString())) {
            throw new AccessDeniedException("record of another department");
        }
    }

    @PostMapping(path = "/{recordType}", consumes = AVRO_BATCH)
    Results pushAvroBatch(@PathVariable String recordType, @RequestBody byte[] body) {
        checkSize(body);
        List<byte[]> messages = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(body);
        while (buffer.hasRemaining()) {
            if (buffer.remaining() < 4) {
                throw new MalformedBatchException("a length prefix is cut off after record " + messages.size());
            }
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw new MalformedBatchException("record " + messages.size() + " claims " + length + " bytes, "
                        + buffer.remaining() + " remain");
            }
            byte[] message = new byte[length];
            buffer.get(message);
            messages.add(message);
        }
        checkCount(messages.size());
        String caller = CallingDepartment.current().orElse(null);
        messages.forEach(message -> ownSource(caller, message));
        return results(inbound.receiveAllWire(recordType, messages, CHANNEL));
    }

    private static Results results(List<InboundOutcome> outcomes) {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            results.add(Result.of(i, outcomes.get(i)));
        }
        return new Results(results);
    }

    private void checkSize(byte[] body) {
        if (body.length > properties.maxPayloadBytes()) {
            throw new PayloadTooLargeException(body.length, properties.maxPayloadBytes());
        }
    }

    /**
     * Refuses a body that is not well-formed UTF-8 (stray bytes, another encoding such as GB18030, surrogates
     * encoded as CESU-8), which a JSON parser might otherwise let through as wrong characters.
     */
    private static void checkUtf8(byte[] body) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new MalformedBatchException("the body is not well-formed UTF-8 (JSON must be UTF-8; "
                    + "convert GB18030 exports before pushing)");
        }
    }

    private void checkCount(int count) {
        if (count > properties.maxBatchSize()) {
            throw new MalformedBatchException(count + " records in one request; hub.ingest.max-batch-size is "
                    + properties.maxBatchSize());
        }
    }

    /** A batch that cannot be split into records. */
    static class MalformedBatchException extends RuntimeException {
        MalformedBatchException(String message) {
            super(message);
        }
    }

    /** A body over {@code hub.ingest.max-payload-bytes}. */
    static class PayloadTooLargeException extends RuntimeException {
        PayloadTooLargeException(long size, long limit) {
            super(size + " bytes; hub.ingest.max-payload-bytes is " + limit);
        }
    }
}
