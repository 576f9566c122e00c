package org.exchangehub.schema;

/**
 * A record that cannot be encoded, decoded or converted. The message names the reason, schema ids and field
 * paths, never field values, so it is safe to log and to return to the sender.
 */
public class RecordCodecException extends RuntimeException {

    /** Why a record could not be read or written. */
    public enum Reason {
        /** The first byte is not the wire format's magic byte {@code 0x00}. */
        BAD_MAGIC_BYTE,
        /** The bytes end before the header or the record does. */
        TRUNCATED,
        /** The header names a schema id the registry does not know. */
        UNKNOWN_SCHEMA_ID,
        /** The record's schema is not registered, so it has no id to write. */
        SCHEMA_NOT_REGISTERED,
        /** The Avro binary is not a valid encoding of the writer schema. */
        MALFORMED_AVRO,
        /** The record does not conform to its own schema. */
        INVALID_RECORD,
        /** The JSON is not syntactically valid. */
        MALFORMED_JSON,
        /** A JSON value has the wrong type for its field. */
        JSON_TYPE_MISMATCH,
        /** A field without a default is absent from the JSON. */
        JSON_MISSING_FIELD,
        /** The JSON has a field the schema does not. */
        JSON_UNKNOWN_FIELD
    }

    private final Reason reason;
    private final String path;

    public RecordCodecException(Reason reason, String message) {
        this(reason, message, null, "$");
    }

    public RecordCodecException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, "$");
    }

    /** A problem at a JSON path such as {@code $.callerPhone}. */
    public static RecordCodecException at(String path, Reason reason, String message) {
        return new RecordCodecException(reason, message, null, path);
    }

    private RecordCodecException(Reason reason, String message, Throwable cause, String path) {
        super(reason + ": " + message, cause);
        this.reason = reason;
        this.path = path;
    }

    public Reason reason() {
        return reason;
    }

    /** Where the problem is: a JSON path, {@code $} for the whole record. */
    public String path() {
        return path;
    }
}
