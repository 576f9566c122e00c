package org.exchangehub.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.List;

/**
 * Dates and times as department systems export them, normalized to ISO-8601 in Asia/Shanghai. Dates:
 * {@code yyyyMMdd}, {@code yyyy-MM-dd}, {@code yyyy/MM/dd}, {@code yyyy.MM.dd} (month and day with one or two
 * digits where separated) and {@code yyyy年M月d日}. Date-times: {@code yyyyMMddHHmmss},
 * {@code yyyy-MM-dd HH:mm:ss}, ISO-8601 with or without offset, and any date form (start of day). Every value
 * must be a real calendar date.
 */
public final class SourceDates {

    /** The zone of every local date and time the hub receives. */
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private static final List<DateTimeFormatter> DATES = List.of(
            strict("uuuuMMdd"), strict("uuuu-M-d"), strict("uuuu/M/d"), strict("uuuu.M.d"), strict("uuuu年M月d日"));
    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            strict("uuuuMMddHHmmss"), strict("uuuu-MM-dd HH:mm:ss"), strict("uuuu/MM/dd HH:mm:ss"),
            DateTimeFormatter.ISO_LOCAL_DATE_TIME.withResolverStyle(ResolverStyle.STRICT));

    private SourceDates() {
    }

    /** A calendar date in any accepted date form. */
    public static ElementCheck<LocalDate> date(String raw) {
        if (raw == null || raw.isBlank()) {
            return ElementCheck.invalid(ReasonCode.REQUIRED_MISSING);
        }
        String text = raw.strip();
        for (DateTimeFormatter format : DATES) {
            try {
                return ElementCheck.valid(LocalDate.parse(text, format));
            } catch (DateTimeException notThisFormat) {
                // try the next one
            }
        }
        return ElementCheck.invalid(ReasonCode.DATE_FORMAT);
    }

    /** An instant with the Asia/Shanghai offset, from any accepted date-time or date form. */
    public static ElementCheck<OffsetDateTime> dateTime(String raw) {
        if (raw == null || raw.isBlank()) {
            return ElementCheck.invalid(ReasonCode.REQUIRED_MISSING);
        }
        String text = raw.strip();
        try {
            return ElementCheck.valid(OffsetDateTime.parse(text).atZoneSameInstant(ZONE).toOffsetDateTime());
        } catch (DateTimeException notWithOffset) {
            // local forms below
        }
        for (DateTimeFormatter format : DATE_TIMES) {
            try {
                return ElementCheck.valid(LocalDateTime.parse(text, format).atZone(ZONE).toOffsetDateTime());
            } catch (DateTimeException notThisFormat) {
                // try the next one
            }
        }
        ElementCheck<LocalDate> date = date(text);
        return date.isValid() ? ElementCheck.valid(date.value().atStartOfDay(ZONE).toOffsetDateTime())
                : ElementCheck.invalid(ReasonCode.DATE_FORMAT);
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    }
}
