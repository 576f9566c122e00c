package org.exchangehub.verification;

/** The answer of a verification service, as the national sharing platform's 查询核验 services give it. */
public enum VerificationAnswer {
    /** 一致: the records in force confirm it. */
    MATCH,
    /** 不一致: the person is on file, and the records in force do not confirm it. */
    NO_MATCH,
    /** 库无: no record in force is about the person. */
    NOT_ON_FILE
}
