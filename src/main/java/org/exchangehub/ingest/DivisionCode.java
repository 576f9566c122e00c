package org.exchangehub.ingest;

import java.util.Set;

/**
 * Administrative division codes (GB/T 2260): 6 digits, province 2 + city 2 + county 2. Checks the shape and the
 * province; city and county parts change with every redistricting, so they are not looked up.
 */
public final class DivisionCode {

    /** Province-level codes of GB/T 2260, Taiwan, Hong Kong and Macao included. */
    static final Set<String> PROVINCES = Set.of("11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33",
            "34", "35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63",
            "64", "65", "71", "81", "82");

    private DivisionCode() {
    }

    public static ElementCheck<String> check(String raw) {
        if (raw == null || raw.isBlank()) {
            return ElementCheck.invalid(ReasonCode.REQUIRED_MISSING);
        }
        String code = raw.strip();
        if (!code.matches("\\d{6}") || !PROVINCES.contains(code.substring(0, 2))) {
            return ElementCheck.invalid(ReasonCode.DIVISION_CODE);
        }
        return ElementCheck.valid(code);
    }
}
