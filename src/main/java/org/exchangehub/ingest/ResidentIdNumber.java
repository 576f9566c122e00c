package org.exchangehub.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Resident ID numbers (公民身份号码, GB 11643): 6-digit division code, 8-digit birth date, 3-digit sequence (odd
 * for men) and a check character. Normalizes lower-case {@code x} to {@code X} and upgrades legacy 15-digit
 * numbers (no century, no check character) to 18 characters.
 */
public final class ResidentIdNumber {

    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String CHECK_CHARACTERS = "10X98765432";
    private static final int EARLIEST_BIRTH_YEAR = 1850;
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private ResidentIdNumber() {
    }

    /** Checks and normalizes an ID number, with today's date in Asia/Shanghai as the latest birth date. */
    public static ElementCheck<String> check(String raw) {
        return check(raw, LocalDate.now(ZONE));
    }

    /** Checks and normalizes an ID number; a birth date after {@code today} is rejected. */
    public static ElementCheck<String> check(String raw, LocalDate today) {
        if (raw == null || raw.isBlank()) {
            return ElementCheck.invalid(ReasonCode.REQUIRED_MISSING);
        }
        String id = raw.strip().toUpperCase(Locale.ROOT);
        if (id.length() == 15 && id.chars().allMatch(ResidentIdNumber::isDigit)) {
            String body = id.substring(0, 6) + "19" + id.substring(6);
            ReasonCode problem = bodyProblem(body, today);
            return problem == null ? ElementCheck.valid(body + checkCharacter(body)) : ElementCheck.invalid(problem);
        }
        if (id.length() != 18 || !id.substring(0, 17).chars().allMatch(ResidentIdNumber::isDigit)
                || !(isDigit(id.charAt(17)) || id.charAt(17) == 'X')) {
            return ElementCheck.invalid(ReasonCode.ID_FORMAT);
        }
        String body = id.substring(0, 17);
        ReasonCode problem = bodyProblem(body, today);
        if (problem != null) {
            return ElementCheck.invalid(problem);
        }
        return checkCharacter(body) == id.charAt(17) ? ElementCheck.valid(id)
                : ElementCheck.invalid(ReasonCode.ID_CHECK_CHAR);
    }

    /** The check character for the first 17 digits of an ID number. */
    public static char checkCharacter(String first17) {
        if (first17.length() != 17 || !first17.chars().allMatch(ResidentIdNumber::isDigit)) {
            throw new IllegalArgumentException("expected 17 digits");
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARACTERS.charAt(sum % 11);
    }

    /** The birth date of a valid 18-character ID number. */
    public static LocalDate birthDate(String id18) {
        return LocalDate.of(Integer.parseInt(id18.substring(6, 10)), Integer.parseInt(id18.substring(10, 12)),
                Integer.parseInt(id18.substring(12, 14)));
    }

    /** The sex encoded by a valid 18-character ID number: odd sequence for men, even for women. */
    public static SexCode sex(String id18) {
        return (id18.charAt(16) - '0') % 2 == 1 ? SexCode.MALE : SexCode.FEMALE;
    }

    private static ReasonCode bodyProblem(String body, LocalDate today) {
        if (!DivisionCode.PROVINCES.contains(body.substring(0, 2))) {
            return ReasonCode.ID_DIVISION;
        }
        try {
            LocalDate birth = birthDate(body);
            if (birth.isAfter(today) || birth.getYear() < EARLIEST_BIRTH_YEAR) {
                return ReasonCode.ID_BIRTH_DATE;
            }
        } catch (DateTimeException e) {
            return ReasonCode.ID_BIRTH_DATE;
        }
        return null;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
