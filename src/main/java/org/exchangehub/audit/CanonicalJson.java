package org.exchangehub.audit;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The canonical JSON that audit hashes are computed over, simple enough to re-implement anywhere:
 * <ul>
 * <li>objects: members sorted by key in Unicode code point order, no duplicate keys, no white space;</li>
 * <li>strings: UTF-8; the quotation mark and the reverse solidus are escaped with a reverse solidus, control
 * characters below U+0020 as a reverse solidus followed by u00xx (lower-case hex), everything else (including
 * non-ASCII) as is;</li>
 * <li>numbers: integers only, in decimal, no sign for non-negative values, no leading zeros, no exponent;</li>
 * <li>{@code true}, {@code false}, {@code null}; arrays keep their order.</li>
 * </ul>
 * Values may be {@code Map<String, ?>}, {@code List<?>}, {@code String}, {@code Long}/{@code Integer},
 * {@code Boolean} or null.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** A value written as canonical JSON already, inserted as it is (e.g. a batch event's records, written once). */
    record Written(String json) {
    }

    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(text, out);
        } else if (value instanceof Long || value instanceof Integer) {
            out.append(value);
        } else if (value instanceof Boolean bool) {
            out.append(bool);
        } else if (value instanceof Written written) {
            out.append(written.json());
        } else if (value instanceof Map<?, ?> map) {
            String[] keys = new String[map.size()];
            int i = 0;
            for (Object key : map.keySet()) {
                keys[i++] = (String) key;
            }
            Arrays.sort(keys, CanonicalJson::byCodePoint);
            out.append('{');
            for (int k = 0; k < keys.length; k++) {
                if (k > 0) {
                    out.append(',');
                }
                string(keys[k], out);
                out.append(':');
                write(map.get(keys[k]), out);
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            throw new IllegalArgumentException("not a canonical JSON value: " + value.getClass().getName());
        }
    }

    /**
     * An object whose keys the caller has put in canonical order once (e.g. a record's fixed members), so that
     * writing it needs no sorting; the same text as writing the equivalent map.
     */
    static String writeSorted(String[] sortedKeys, Object[] values) {
        StringBuilder out = new StringBuilder(512);
        out.append('{');
        for (int i = 0; i < sortedKeys.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            string(sortedKeys[i], out);
            out.append(':');
            write(values[i], out);
        }
        return out.append('}').toString();
    }

    private static void string(String text, StringBuilder out) {
        int plain = 0;
        while (plain < text.length()) {
            char c = text.charAt(plain);
            if (c == '"' || c == '\\' || c < 0x20) {
                break;
            }
            plain++;
        }
        if (plain == text.length()) {
            out.append('"').append(text).append('"');
            return;
        }
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }

    /**
     * Unicode code point order. UTF-16 order (String.compareTo) agrees with it except where a surrogate meets a
     * character of U+E000 or above, so only that case is decided by code points.
     */
    static int byCodePoint(String a, String b) {
        int length = Math.min(a.length(), b.length());
        for (int i = 0; i < length; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (Character.isSurrogate(x) != Character.isSurrogate(y)) {
                    return Character.isSurrogate(x) ? 1 : -1; // a surrogate pair encodes a code point above U+FFFF
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
