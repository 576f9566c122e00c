package org.exchangehub.protect;

import org.exchangehub.schema.PiiCategory;

/**
 * Masking for display, per PII category: ID numbers keep the first 6 and last 4 characters
 * ({@code 110105********002X}); names keep the first character and the middle dot of minority names
 * ({@code 张*}, {@code 王**}, {@code 阿***·***}); phones keep the first 3 and last 4 digits ({@code 138****5678});
 * addresses and locations keep the part up to the district or county ({@code 杭州市某区****}); health data and
 * free text are fully masked. Works on code points, so characters outside the BMP count as one.
 */
public final class FieldMasks {

    static final String HIDDEN = "******";
    private static final String TAIL = "****";

    private FieldMasks() {
    }

    public static String mask(PiiCategory category, String value) {
        if (value == null) {
            return null;
        }
        return switch (category) {
            case ID_NUMBER -> keepEnds(value, 6, 4);
            case PHONE -> keepEnds(value, 3, 4);
            case NAME -> name(value);
            case ADDRESS, LOCATION -> place(value);
            case HEALTH, FREE_TEXT -> HIDDEN;
        };
    }

    private static String keepEnds(String value, int head, int tail) {
        int[] points = value.codePoints().toArray();
        if (points.length <= head + tail) {
            return "*".repeat(points.length);
        }
        StringBuilder masked = new StringBuilder();
        for (int i = 0; i < points.length; i++) {
            if (i < head || i >= points.length - tail) {
                masked.appendCodePoint(points[i]);
            } else {
                masked.append('*');
            }
        }
        return masked.toString();
    }

    private static String name(String value) {
        int[] points = value.strip().codePoints().toArray();
        if (points.length <= 1) {
            return "*";
        }
        StringBuilder masked = new StringBuilder().appendCodePoint(points[0]);
        for (int i = 1; i < points.length; i++) {
            masked.append(points[i] == '·' ? '·' : '*');
        }
        return masked.toString();
    }

    private static String place(String value) {
        int end = firstOf(value, "区县旗");
        if (end < 0) {
            end = firstOf(value, "市");
        }
        return end < 0 ? TAIL : value.substring(0, end + 1) + TAIL;
    }

    private static int firstOf(String value, String markers) {
        for (int i = 0; i < value.length(); i++) {
            if (markers.indexOf(value.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
