package org.exchangehub.catalog;

import java.util.List;
import java.util.Map;

import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.protect.FieldView;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One resource of the sharing catalog: what a provider department offers of one record type, and on which terms.
 * Metadata only — never data. The record's non-PII fields (identity, dates, codes) travel with every record of the
 * resource and share the resource's attribute; each PII field may have a rule of its own, no more open than the
 * resource, and a widest view that requests may ask for.
 *
 * @param code         resource code, e.g. {@code police-incident}
 * @param provider     code of the department that provides it
 * @param recordType   the record type of the registry it offers
 * @param nameZh       name in Chinese, e.g. 接警记录
 * @param nameEn       name in English
 * @param description  what the resource holds and is for
 * @param sharing      the resource's sharing attribute
 * @param conditions   for conditional sharing: the conditions a request must meet (共享条件)
 * @param updateCycle  how often the resource changes (更新周期)
 * @param channels     delivery channels offered to requesters: WEBHOOK, FEED (FILE drops are set up by admins)
 * @param fields       rule per PII field; a PII field without a rule has the resource's attribute and any view
 * @param kind         RECORDS (default): the provider's records, delivered to a grant's channel; VERIFICATION: a
 *                     verification service of the same code answering questions about them (MATCH, NO_MATCH,
 *                     NOT_ON_FILE), requested without fields or channel; QUERY: the provider's query service of
 *                     the same code, answering each call with a record of the record type in the granted views,
 *                     requested with fields and without channel
 */
public record CatalogEntry(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String code,
        @NotBlank String provider,
        @NotBlank String recordType,
        @NotBlank String nameZh,
        @NotBlank String nameEn,
        String description,
        @NotNull SharingAttribute sharing,
        String conditions,
        @NotNull UpdateCycle updateCycle,
        List<DeliveryChannel.Type> channels,
        Map<String, FieldRule> fields,
        Kind kind) {

    /** What a grant of the resource gives. */
    public enum Kind {
        /** The records, delivered. */
        RECORDS,
        /** Answers of the verification service of the entry's code, never the records. */
        VERIFICATION,
        /** Answers of the provider's query service of the entry's code, one record per call, in the granted views. */
        QUERY
    }

    /** How often a resource changes. */
    public enum UpdateCycle {
        REAL_TIME, HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY, ON_CHANGE
    }

    /**
     * The terms of one PII field.
     *
     * @param sharing the field's attribute (the resource's when null)
     * @param maxView the widest view a request may ask for (CLEAR when null); views from widest to narrowest are
     *                CLEAR, SEALED, MASKED, BLIND_INDEX
     */
    public record FieldRule(SharingAttribute sharing, FieldView maxView) {
    }

    public CatalogEntry {
        channels = channels == null || channels.isEmpty() ? List.of(DeliveryChannel.Type.WEBHOOK, DeliveryChannel.Type.FEED)
                : List.copyOf(channels);
        fields = fields == null ? Map.of() : Map.copyOf(fields);
        kind = kind == null ? Kind.RECORDS : kind;
        if (kind != Kind.RECORDS) {
            channels = List.of();
        }
    }

    /** A PII field's attribute: its own rule's, else the resource's. */
    public SharingAttribute sharingOf(String field) {
        FieldRule rule = fields.get(field);
        return rule == null || rule.sharing() == null ? sharing : rule.sharing();
    }

    /** A PII field's widest view. */
    public FieldView maxViewOf(String field) {
        FieldRule rule = fields.get(field);
        return rule == null || rule.maxView() == null ? FieldView.CLEAR : rule.maxView();
    }

    /** How much a view discloses, for comparing views: OMIT 0, BLIND_INDEX 1, MASKED 2, SEALED 3, CLEAR 4. */
    public static int width(FieldView view) {
        return switch (view) {
            case OMIT -> 0;
            case BLIND_INDEX -> 1;
            case MASKED -> 2;
            case SEALED -> 3;
            case CLEAR -> 4;
        };
    }
}
