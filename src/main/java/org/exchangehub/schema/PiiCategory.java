package org.exchangehub.schema;

/**
 * Categories of personal data a canonical schema field can be annotated with ({@code "pii": "<CATEGORY>"}).
 * The category decides how the field is encrypted, masked and indexed.
 */
public enum PiiCategory {
    /** Resident ID number (GB 11643). Sensitive under PIPL Art. 28. */
    ID_NUMBER,
    /** A person's name. */
    NAME,
    /** A phone number. */
    PHONE,
    /** A postal or residential address. */
    ADDRESS,
    /** Health data: diagnoses, causes of death, vaccinations. Sensitive under PIPL Art. 28. */
    HEALTH,
    /** Whereabouts: where a person was at a time. Sensitive under PIPL Art. 28. */
    LOCATION,
    /** Free text that may contain any of the above. */
    FREE_TEXT
}
