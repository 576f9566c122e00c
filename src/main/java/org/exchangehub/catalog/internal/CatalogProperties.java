package org.exchangehub.catalog.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import org.exchangehub.catalog.CatalogEntry;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.catalog.*}: the catalog's entries ({@code config/catalog.yaml}), the working-day calendar of sharing
 * deadlines, and the terms of sharing requests.
 *
 * @param entries            the catalog's resources, see {@link CatalogEntry}
 * @param holidays           public holidays on weekdays that do not count as working days (ISO dates)
 * @param makeUpWorkingDays  weekend days that are working days (调休)
 * @param timeZone           the zone of working days, deadlines and validity ends (default Asia/Shanghai)
 * @param answerDays         working days a provider has to answer a conditional request (default 5)
 * @param extensionDays      working days one extension adds (default 5; a request is extended at most once)
 * @param maxValidity        the longest validity a request may ask for (default 1095 days, three years)
 * @param sweepEvery         how often expired grants are ended and overdue requests flagged (default 30s)
 */
@ConfigurationProperties("hub.catalog")
public record CatalogProperties(@DefaultValue List<CatalogEntry> entries, @DefaultValue List<LocalDate> holidays,
        @DefaultValue List<LocalDate> makeUpWorkingDays, @DefaultValue("Asia/Shanghai") ZoneId timeZone,
        @DefaultValue("5") int answerDays, @DefaultValue("5") int extensionDays,
        @DefaultValue("1095d") Duration maxValidity, @DefaultValue("30s") Duration sweepEvery) {

    public CatalogProperties {
        if (answerDays < 1) {
            throw new IllegalArgumentException("hub.catalog.answer-days: 1 or more");
        }
        if (extensionDays < 0) {
            throw new IllegalArgumentException("hub.catalog.extension-days: 0 or more");
        }
    }
}
