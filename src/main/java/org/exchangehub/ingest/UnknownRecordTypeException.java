package org.exchangehub.ingest;

/** A record type that has no canonical schema. */
public class UnknownRecordTypeException extends RuntimeException {

    public UnknownRecordTypeException(String recordType, java.util.List<String> known) {
        super("unknown record type '" + recordType + "'; known: " + known);
    }
}
