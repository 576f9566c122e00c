package org.exchangehub.console.internal;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.springframework.stereotype.Component;

/** Times on console pages, in {@code hub.console.time-zone}: {@code ${@consoleTime.format(value)}}. */
@Component("consoleTime")
public class ConsoleTime {

    private final DateTimeFormatter format;

    ConsoleTime(ConsoleProperties properties) {
        this.format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(properties.timeZone());
    }

    /** An {@link Instant} or an ISO-8601 instant text, formatted; anything else as it is, null as empty. */
    public String format(Object value) {
        if (value instanceof Instant instant) {
            return format.format(instant);
        }
        if (value instanceof String text && !text.isBlank()) {
            try {
                return format.format(Instant.parse(text));
            } catch (DateTimeParseException e) {
                return text;
            }
        }
        return value == null ? "" : String.valueOf(value);
    }
}
