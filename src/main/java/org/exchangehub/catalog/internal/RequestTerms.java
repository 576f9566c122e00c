package org.exchangehub.catalog.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.exchangehub.catalog.CatalogEntry;
import org.exchangehub.catalog.SharingAttribute;
import org.exchangehub.catalog.SharingRequestForm;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.protect.FieldView;

/**
 * What a sharing request must be against its catalog entry: not the requester's own data; only PII fields of the
 * record type, none NOT_SHARED, each with a real view no wider than the catalog allows; a validity from today up to
 * the longest allowed; a channel the entry offers (a webhook with an http(s) URL) — for a verification service
 * neither fields nor a channel, for a query service fields and no channel.
 */
public final class RequestTerms {

    private RequestTerms() {
    }

    /** Every problem of the form, each naming its field; empty when it may be filed. */
    public static List<String> problems(SharingRequestForm form, CatalogEntry entry, String requester,
            List<String> piiFields, LocalDate today, long maxValidityDays) {
        List<String> problems = new ArrayList<>();
        if (entry.provider().equals(requester)) {
            problems.add("resource: " + entry.code() + " is " + requester + "'s own; a department does not request"
                    + " its own data");
        }
        new TreeMap<>(form.fields()).forEach((field, view) -> {
            if (!piiFields.contains(field)) {
                problems.add("fields." + field + ": not a PII field of " + entry.recordType() + " " + piiFields
                        + " (non-PII fields come with every record)");
            } else if (entry.sharingOf(field) == SharingAttribute.NOT_SHARED) {
                problems.add("fields." + field + ": NOT_SHARED (不予共享) in the catalog; it cannot be requested");
            } else if (view == null || view == FieldView.OMIT) {
                problems.add("fields." + field + ": a view is CLEAR, SEALED, MASKED or BLIND_INDEX; leave out a field"
                        + " not wanted");
            } else if (CatalogEntry.width(view) > CatalogEntry.width(entry.maxViewOf(field))) {
                problems.add("fields." + field + ": " + view + " is wider than the catalog allows (at most "
                        + entry.maxViewOf(field) + ")");
            }
        });
        if (form.validUntil().isBefore(today)) {
            problems.add("validUntil: " + form.validUntil() + " is in the past");
        } else if (form.validUntil().isAfter(today.plusDays(maxValidityDays))) {
            problems.add("validUntil: at most " + maxValidityDays + " days ahead (" + today.plusDays(maxValidityDays)
                    + ")");
        }
        DeliveryChannel channel = form.channel();
        if (entry.kind() == CatalogEntry.Kind.VERIFICATION) {
            if (channel != null) {
                problems.add("channel: " + entry.code() + " is a verification service; its grant answers questions"
                        + " and delivers nothing");
            }
            if (!form.fields().isEmpty()) {
                problems.add("fields: " + entry.code() + " is a verification service; it discloses no field");
            }
        } else if (entry.kind() == CatalogEntry.Kind.QUERY) {
            if (channel != null) {
                problems.add("channel: " + entry.code() + " is a query service; its grant answers calls and delivers"
                        + " nothing");
            }
        } else if (channel == null) {
            problems.add("channel: required (WEBHOOK with a url, or FEED)");
        } else if (!entry.channels().contains(channel.type())) {
            problems.add("channel.type: " + channel.type() + " is not offered by " + entry.code() + " "
                    + entry.channels());
        } else if (channel.type() == DeliveryChannel.Type.WEBHOOK && (channel.url() == null
                || !channel.url().matches("https?://[^\\s]+"))) {
            problems.add("channel.url: an http(s) URL is required for a WEBHOOK channel");
        }
        return problems;
    }
}
