package org.exchangehub.ingest;

import java.util.List;

/** A record type that has no canonical schema. */
public class UnknownRecordTypeException extends RuntimeException {

    public UnknownRecordTypeException(String recordType, List<String> known) {
        super("unknown record type '" + recordType + "'; known: " + known);
    }
}
