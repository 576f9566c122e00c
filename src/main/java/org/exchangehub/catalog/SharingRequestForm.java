package org.exchangehub.catalog;

import java.time.LocalDate;
import java.util.Map;

import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.protect.FieldView;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * What a department asks of a catalog resource (共享申请).
 *
 * @param resource    the catalog resource's code
 * @param fields      the PII fields wanted, with the view of each (CLEAR, SEALED, MASKED or BLIND_INDEX); PII fields
 *                    not listed are not delivered. The record's non-PII fields come with every record.
 * @param purpose     why the data is needed (使用用途)
 * @param legalBasis  the statute and article that allow it (共享依据), e.g. 《社会救助暂行办法》第十一条
 * @param validUntil  the last day the data may flow (in the hub's time zone); the grant ends at the end of that day
 * @param channel     how the records are to be delivered: WEBHOOK (url, optional secret) or FEED; none for a
 *                    verification service, whose grant answers questions instead
 */
public record SharingRequestForm(
        @NotBlank String resource,
        Map<String, FieldView> fields,
        @NotBlank @Size(max = 1000) String purpose,
        @NotBlank @Size(max = 1000) String legalBasis,
        @NotNull LocalDate validUntil,
        @Valid DeliveryChannel channel) {

    public SharingRequestForm {
        fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    /** This form without the channel's secret (as stored and shown). */
    public SharingRequestForm withoutSecret() {
        DeliveryChannel c = channel;
        return new SharingRequestForm(resource, fields, purpose, legalBasis, validUntil,
                c == null ? null : new DeliveryChannel(c.type(), c.url(), c.format(), null, c.directory(), c.encoding()));
    }
}
