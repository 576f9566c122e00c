package org.exchangehub.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The fast paths for the hub's time form give what {@link java.time.format.DateTimeFormatter} gives, or step aside. */
class IsoTimesTests {

    private static final SplittableRandom RANDOM = new SplittableRandom(20261207);

    @Test
    void formattingMatchesTheFormatterAcrossTheCenturiesAndShanghaisOldOffsets() {
        List<String> edges = List.of("1000-01-01T00:00:00Z", "1899-12-31T15:54:16Z", "1901-01-01T00:00:00Z",
                "1988-04-10T02:00:00+08:00", "1988-07-01T12:00:00+09:00", "1991-09-15T01:30:00+09:00",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2026-12-06T12:45:46.123+08:00",
                "9999-12-31T15:59:59.999Z", "0999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z");
        for (String edge : edges) {
            Instant instant = OffsetDateTime.parse(edge).toInstant();
            assertThat(RecordJson.time(instant)).as(edge).isEqualTo(reference(instant));
        }
        for (int i = 0; i < 200_000; i++) {
            Instant instant = Instant.ofEpochSecond(RANDOM.nextLong(-31_000_000_000L, 253_500_000_000L),
                    RANDOM.nextInt(1_000_000_000));
            assertThat(RecordJson.time(instant)).as(instant.toString()).isEqualTo(reference(instant));
        }
        assertThat(IsoTimes.format(Instant.parse("2026-12-06T04:45:46.123456Z")))
                .isEqualTo("2026-12-06T12:45:46.123+08:00");
        assertThat(IsoTimes.format(OffsetDateTime.parse("1988-07-01T12:00:00+09:00").toInstant()))
                .as("summer time of 1988 goes to the formatter").isNull();
    }

    @Test
    void parsingMatchesOffsetDateTimeOrStepsAside() {
        List<String> texts = List.of("2026-11-20T09:00:00+08:00", "2026-11-20T09:00:00.5+08:00",
                "2026-11-20T09:00:00.123456789Z", "2026-11-20T09:00:00.1234567891Z", "2026-11-20T09:00+08:00",
                "2026-11-20T09:00:00-00:00", "2026-11-20T09:00:00+18:00", "2026-11-20T09:00:00+18:01",
                "2026-11-20T09:00:00+08:00:00", "2026-02-29T09:00:00+08:00", "2024-02-29T23:59:59.999-05:30",
                "2026-13-01T00:00:00Z", "2026-11-20T24:00:00Z", "2026-11-20T23:59:60Z", "2026-11-20T09:00:00.Z",
                "2026-11-20 09:00:00+08:00", "2026-11-20T09:00:00", "0000-01-01T00:00:00Z", "1969-12-31T23:59:59.9991Z",
                "２０２６-11-20T09:00:00Z", "2026-11-20T09:00:00+8:00", "2026-11-20T09:00:00z");
        for (String text : texts) {
            Long fast = IsoTimes.parseOffsetDateTime(text);
            Long reference = referenceParse(text);
            if (fast != null) {
                assertThat(fast).as(text).isEqualTo(reference);
            }
        }
        assertThat(IsoTimes.parseOffsetDateTime("2026-11-20T09:00:00.1234567891Z")).as("ten digits").isNull();
        assertThat(IsoTimes.parseOffsetDateTime("2026-11-20T09:00:00+08:00")).isEqualTo(
                OffsetDateTime.parse("2026-11-20T09:00:00+08:00").toInstant().toEpochMilli());
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(RANDOM.nextLong(-30_000_000_000L, 253_000_000_000L),
                    RANDOM.nextInt(1_000_000_000));
            String text = RecordJson.time(instant);
            assertThat(IsoTimes.parseOffsetDateTime(text)).as(text).isEqualTo(referenceParse(text));
            String zulu = instant.toString();
            if (zulu.length() >= 20 && zulu.charAt(4) == '-') {
                Long fast = IsoTimes.parseOffsetDateTime(zulu);
                assertThat(fast).as(zulu).isEqualTo(referenceParse(zulu));
            }
        }
    }

    private static String reference(Instant instant) {
        return RecordJson.TIMES.format(instant.truncatedTo(ChronoUnit.MILLIS).atZone(JsonValues.ZONE));
    }

    private static Long referenceParse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
