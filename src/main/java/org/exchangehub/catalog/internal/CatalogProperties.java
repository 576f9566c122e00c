package org.exchangehub.catalog.internal;

import java.time.LocalDate;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.catalog.*}: the working-day calendar of sharing deadlines.
 *
 * @param holidays           public holidays on weekdays that do not count as working days (ISO dates)
 * @param makeUpWorkingDays  weekend days that are working days (调休)
 */
@ConfigurationProperties("hub.catalog")
record CatalogProperties(@DefaultValue List<LocalDate> holidays, @DefaultValue List<LocalDate> makeUpWorkingDays) {
}
