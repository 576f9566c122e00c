package org.exchangehub.ingest;

/** Why a data element was rejected. Reason codes are stable: quarantine entries and API answers carry them. */
public enum ReasonCode {
    /** A required value is absent or blank. */
    REQUIRED_MISSING,
    /** A resident ID number has the wrong length or characters. */
    ID_FORMAT,
    /** A resident ID number's check character does not match its first 17 digits. */
    ID_CHECK_CHAR,
    /** A resident ID number's birth date is not a real date, or lies in the future. */
    ID_BIRTH_DATE,
    /** A resident ID number starts with no known province code. */
    ID_DIVISION,
    /** A unified social credit code has the wrong length or characters. */
    USCC_FORMAT,
    /** A unified social credit code's check character does not match. */
    USCC_CHECK_CHAR,
    /** An administrative division code is not 6 digits starting with a known province. */
    DIVISION_CODE,
    /** A phone number is not a mainland mobile number. */
    PHONE_FORMAT,
    /** A date or time in none of the accepted formats, or not a real date. */
    DATE_FORMAT,
    /** A value that is not in its code table. */
    CODE_UNKNOWN,
    /** A text longer than its field allows (the schema's maxLength, else 200 for keys and 4,000 for the rest). */
    TOO_LONG,
    /**
     * A text that was not well-formed in its encoding: bytes that are not UTF-8 (decoded as U+FFFD) or a UTF-16
     * surrogate without its pair (a lone {@code \ud800} escape in JSON).
     */
    ENCODING
}
