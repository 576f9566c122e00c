package org.exchangehub.protect;

/** A field that must not be encrypted as it is: it already holds a token. Names the field, never the value. */
public class FieldEncryptionException extends RuntimeException {

    private final String field;

    public FieldEncryptionException(String field, String reason) {
        super("field '" + field + "': " + reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
