package org.exchangehub.ingest;

import java.util.Objects;

/**
 * The outcome of checking one data element: the normalized value, or the reason it was rejected. Never holds
 * the rejected input, so it can be logged.
 *
 * @param value  the normalized value, null when invalid
 * @param reason null when valid
 */
public record ElementCheck<T>(T value, ReasonCode reason) {

    public static <T> ElementCheck<T> valid(T value) {
        return new ElementCheck<>(Objects.requireNonNull(value), null);
    }

    public static <T> ElementCheck<T> invalid(ReasonCode reason) {
        return new ElementCheck<>(null, Objects.requireNonNull(reason));
    }

    public boolean isValid() {
        return reason == null;
    }
}
