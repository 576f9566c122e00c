package org.exchangehub.exchange;

import java.util.Map;
import java.util.TreeMap;

import org.exchangehub.protect.FieldView;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A department's approved subscription to a record type ({@code config/subscriptions.yaml}): nothing flows
 * without one. Purpose and legal basis are required (PIPL Arts. 34–35).
 *
 * @param id           stable identifier, e.g. {@code death-to-civil-affairs}
 * @param subscriber   code of the receiving department
 * @param recordType   record type, e.g. {@code death-certificate}
 * @param purpose      why the subscriber receives the data
 * @param legalBasis   the statute and article that allow it
 * @param filter       which records of the type, e.g. by division code prefix; empty for all
 * @param views        view per PII field; PII fields not listed are omitted
 * @param channel      how records are delivered
 */
public record Subscription(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String id,
        @NotBlank String subscriber,
        @NotBlank String recordType,
        @NotBlank String purpose,
        @NotBlank String legalBasis,
        @Valid SubscriptionFilter filter,
        Map<String, FieldView> views,
        @NotNull @Valid DeliveryChannel channel) {

    public Subscription {
        filter = filter == null ? SubscriptionFilter.ALL : filter;
        views = views == null ? Map.of() : Map.copyOf(views);
    }

    /** This subscription with another channel secret (null for none). */
    public Subscription withSecret(String secret) {
        DeliveryChannel c = channel;
        return new Subscription(id, subscriber, recordType, purpose, legalBasis, filter, views,
                new DeliveryChannel(c.type(), c.url(), c.format(), secret, c.directory(), c.encoding()));
    }

    /** This subscription with other views. */
    public Subscription withViews(Map<String, FieldView> newViews) {
        return new Subscription(id, subscriber, recordType, purpose, legalBasis, filter, newViews, channel);
    }

    /** The fields it discloses, with their views: every view other than OMIT (views name PII fields only). */
    public Map<String, FieldView> disclosure() {
        Map<String, FieldView> disclosed = new TreeMap<>();
        views.forEach((field, view) -> {
            if (view != FieldView.OMIT) {
                disclosed.put(field, view);
            }
        });
        return disclosed;
    }
}
