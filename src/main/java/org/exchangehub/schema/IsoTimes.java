package org.exchangehub.schema;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;

/**
 * The hub's one time form, written and read without {@link java.time.format.DateTimeFormatter} for the form nearly
 * every record carries — {@code 2026-12-06T12:45:46.123+08:00} — which the formatter took a few microseconds for,
 * on every timestamp of every record pushed and every record delivered (end-to-end benchmark: 7 % of the push
 * threads' CPU, 4 % of the delivery threads'). Anything else goes to the formatter; both paths give the same answer
 * ({@code IsoTimesTests} compares them).
 */
final class IsoTimes {

    private static final ZoneRules SHANGHAI = JsonValues.ZONE.getRules();
    private static final int EIGHT_HOURS = 8 * 3600;
    /** 1000-01-01T00:00:00Z and 9999-12-31T00:00:00Z: four-digit years whatever the offset. */
    private static final long FIRST_SECOND = -30_610_224_000L;
    private static final long LAST_SECOND = 253_402_214_400L;

    private IsoTimes() {
    }

    /** {@link RecordJson#time}: the instant in Asia/Shanghai, to the millisecond, or null when it needs the formatter. */
    static String format(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_SECOND || seconds > LAST_SECOND
                || SHANGHAI.getOffset(instant).getTotalSeconds() != EIGHT_HOURS) {
            return null;
        }
        long local = seconds + EIGHT_HOURS;
        long days = Math.floorDiv(local, 86_400L);
        int secondOfDay = (int) Math.floorMod(local, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(days);
        char[] text = new char[29];
        digits(text, 0, date.getYear(), 4);
        text[4] = '-';
        digits(text, 5, date.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, date.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, secondOfDay / 3600, 2);
        text[13] = ':';
        digits(text, 14, secondOfDay / 60 % 60, 2);
        text[16] = ':';
        digits(text, 17, secondOfDay % 60, 2);
        text[19] = '.';
        digits(text, 20, instant.getNano() / 1_000_000, 3);
        "+08:00".getChars(0, 6, text, 23);
        return new String(text);
    }

    /**
     * Epoch milliseconds of {@code yyyy-MM-ddTHH:mm:ss[.f…](Z|±HH:MM)}, as {@code OffsetDateTime.parse(text)
     * .toInstant().toEpochMilli()} gives them, or null for any other text (which the caller parses the slow way, and
     * which may be an error).
     */
    static Long parseOffsetDateTime(String text) {
        int length = text.length();
        if (length < 20 || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 2);
        int day = number(text, 8, 2);
        int hour = number(text, 11, 2);
        int minute = number(text, 14, 2);
        int second = number(text, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        int at = 19;
        int nanos = 0;
        if (text.charAt(at) == '.') {
            int digits = 0;
            for (at++; at < length && digits < 9 && text.charAt(at) >= '0' && text.charAt(at) <= '9'; at++, digits++) {
                nanos = nanos * 10 + (text.charAt(at) - '0');
            }
            if (digits == 0) {
                return null;
            }
            for (int d = digits; d < 9; d++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (at == length - 1 && text.charAt(at) == 'Z') {
            offsetSeconds = 0;
        } else if (at == length - 6 && (text.charAt(at) == '+' || text.charAt(at) == '-')
                && text.charAt(at + 3) == ':') {
            int offsetHours = number(text, at + 1, 2);
            int offsetMinutes = number(text, at + 4, 2);
            if ((offsetHours | offsetMinutes) < 0) {
                return null;
            }
            int sign = text.charAt(at) == '+' ? 1 : -1;
            try {
                offsetSeconds = ZoneOffset.ofHoursMinutes(sign * offsetHours, sign * offsetMinutes).getTotalSeconds();
            } catch (RuntimeException outOfRange) {
                return null;
            }
        } else {
            return null;
        }
        try {
            long epochDay = LocalDate.of(year, month, day).toEpochDay();
            long secondOfDay = LocalTime.of(hour, minute, second).toSecondOfDay();
            long epochSecond = Math.addExact(Math.multiplyExact(epochDay, 86_400L), secondOfDay - offsetSeconds);
            return Math.addExact(Math.multiplyExact(epochSecond, 1000L), nanos / 1_000_000);
        } catch (RuntimeException invalid) {
            return null;
        }
    }

    /** The non-negative number in {@code count} ASCII digits at {@code from}, or -1. */
    private static int number(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void digits(char[] text, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
