package org.exchangehub.protect;

/**
 * A protected field that cannot be opened. Names the field and the reason, never the value; the delivery of the
 * record is held, never sent in clear.
 */
public class FieldDecryptionException extends RuntimeException {

    /** Why a field could not be opened. */
    public enum Reason {
        /** Not an {@code ehx1.<dekId>.<base64url>} token. */
        MALFORMED_TOKEN,
        /** The token names a data key that does not exist. */
        UNKNOWN_KEY,
        /** The tag does not verify: wrong key, altered bytes, or a token moved from another record or field. */
        AUTHENTICATION_FAILED,
        /** A PII field holds a value that was never encrypted. */
        NOT_ENCRYPTED,
        /** A SEALED view was asked for but the subscriber has no registered public key. */
        NO_SEALING_KEY
    }

    private final String field;
    private final Reason reason;

    public FieldDecryptionException(String field, Reason reason) {
        super("field '" + field + "': " + reason);
        this.field = field;
        this.reason = reason;
    }

    public String field() {
        return field;
    }

    public Reason reason() {
        return reason;
    }
}
