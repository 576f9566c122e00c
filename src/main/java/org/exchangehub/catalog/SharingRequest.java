package org.exchangehub.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.protect.FieldView;

/**
 * A sharing request as its parties, admins and auditors see it (never a channel secret, never data).
 *
 * @param id                  e.g. {@code sr-2026-000001}; also the id of the subscription its grant is
 * @param state               PENDING (waiting for the provider), APPROVED, REJECTED, EXPIRED (validity ended) or
 *                            REVOKED
 * @param fields              each requested field: view asked for, sharing attribute, view granted, status
 * @param deadline            the last working day for the provider's answer (PENDING requests)
 * @param extended            whether the deadline was extended (once at most)
 * @param overdue             PENDING past its deadline
 * @param granted             the views in force (PII field → view); empty when nothing flows. The record's non-PII
 *                            fields flow whenever a grant is in force ({@code active}).
 * @param active              whether a grant is in force: records of the resource flow to the requester
 * @param cancelledDeliveries deliveries cancelled when the grant ended
 */
public record SharingRequest(String id, String resource, String provider, String requester, String recordType,
        State state, List<Field> fields, String purpose, String legalBasis, LocalDate validUntil,
        Instant validUntilAt, Channel channel, Instant submittedAt, String submittedBy, LocalDate deadline,
        boolean extended, String extensionReason, boolean overdue, Instant decidedAt, String decidedBy,
        String decisionReason, Map<String, FieldView> granted, boolean active, Instant endedAt, String endedBy,
        String endReason, int cancelledDeliveries, int version) {

    /** Request states. */
    public enum State {
        PENDING, APPROVED, REJECTED, EXPIRED, REVOKED
    }

    /** One requested field. {@code status}: WAITING, GRANTED, NARROWED (a narrower view granted), REFUSED. */
    public record Field(String name, FieldView requested, SharingAttribute sharing, FieldView granted,
            String status) {
    }

    /** The requested channel, its secret only as set or not. */
    public record Channel(DeliveryChannel.Type type, String url, DeliveryChannel.Format format, boolean secretSet) {
    }
}
