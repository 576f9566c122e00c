package org.exchangehub.audit;

/**
 * What an audit event records. The names are the {@code action} of the chain's canonical JSON and of the
 * {@code audit_event} table; auditors search by them.
 */
public enum AuditAction {
    /** A record arrived (events of earlier releases; ingest now writes {@link #PUBLISHED}). */
    RECEIVED,
    /** A record failed its checks and was quarantined with its reasons. */
    QUARANTINED,
    /** Records were journaled and published to the subscriptions entitled to them. */
    PUBLISHED,
    /** Records reached a subscriber, with the fields and views disclosed. */
    DELIVERED,
    /** A delivery attempt failed; it will be retried. */
    DELIVERY_FAILED,
    /** A delivery was given up after its attempts. */
    DEAD_LETTERED,
    /** A dead letter was sent again. */
    REPLAYED,
    /** A request or page was refused. */
    ACCESS_DENIED,
    /** An admin or the hub changed configuration or resolved an exception. */
    ADMIN_CHANGE,
    /** A key was created. */
    KEY_CREATED,
    /** A key was rotated. */
    KEY_ROTATED,
    /** A key was retired. */
    KEY_RETIRED,
    /** An auditor exported a bundle. */
    AUDIT_EXPORTED,
    /** An auditor produced a data-subject report. */
    SUBJECT_REPORT,
    /** A department requested a catalog resource. */
    REQUESTED,
    /** A provider approved a sharing request (or a second person a subscription). */
    APPROVED,
    /** A provider rejected a sharing request. */
    REJECTED,
    /** A provider extended the deadline of a sharing request. */
    EXTENDED,
    /** A sharing request or grant expired. */
    EXPIRED,
    /** A grant was revoked. */
    REVOKED,
    /**
     * A department asked a verification service about a person and got MATCH, NO_MATCH or NOT_ON_FILE: the
     * person's blind index, the purpose, the case reference and keyed digests of question and answer, never the data.
     */
    VERIFIED,
    /**
     * A department called a provider's query service: the grant, purpose and case reference, the views disclosed, the
     * blind indexes of the people asked about and answered, how the call ended, and keyed digests of query and
     * answer; the answer itself passes through and is not kept.
     */
    QUERIED
}
