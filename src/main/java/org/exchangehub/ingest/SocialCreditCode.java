package org.exchangehub.ingest;

import java.util.Locale;

/**
 * Unified social credit codes of organizations (统一社会信用代码, GB 32100): 18 characters from
 * {@code 0123456789ABCDEFGHJKLMNPQRTUWXY} (no I, O, Z, S, V), the last a check character.
 */
public final class SocialCreditCode {

    private static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

    private SocialCreditCode() {
    }

    public static ElementCheck<String> check(String raw) {
        if (raw == null || raw.isBlank()) {
            return ElementCheck.invalid(ReasonCode.REQUIRED_MISSING);
        }
        String code = raw.strip().toUpperCase(Locale.ROOT);
        if (code.length() != 18 || code.chars().anyMatch(c -> ALPHABET.indexOf(c) < 0)) {
            return ElementCheck.invalid(ReasonCode.USCC_FORMAT);
        }
        return checkCharacter(code.substring(0, 17)) == code.charAt(17) ? ElementCheck.valid(code)
                : ElementCheck.invalid(ReasonCode.USCC_CHECK_CHAR);
    }

    /** The check character for the first 17 characters of a code. */
    public static char checkCharacter(String first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = ALPHABET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("character " + (i + 1) + " is outside the code alphabet");
            }
            sum += value * WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return ALPHABET.charAt(check == 31 ? 0 : check);
    }
}
