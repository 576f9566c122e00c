package org.exchangehub.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mainland mobile numbers: {@code (?:\+?86)?1[3-9]\d{9}} after removing spaces, hyphens and parentheses,
 * normalized to the 11 digits.
 */
public final class MobilePhone {

    private static final Pattern MOBILE = Pattern.compile("(?:\\+?86)?(1[3-9]\\d{9})");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-()]");

    private MobilePhone() {
    }

    public static ElementCheck<String> check(String raw) {
        if (raw == null || raw.isBlank()) {
            return ElementCheck.invalid(ReasonCode.REQUIRED_MISSING);
        }
        Matcher matcher = MOBILE.matcher(SEPARATORS.matcher(raw).replaceAll(""));
        return matcher.matches() ? ElementCheck.valid(matcher.group(1)) : ElementCheck.invalid(ReasonCode.PHONE_FORMAT);
    }
}
