package org.exchangehub;

import java.time.LocalDate;

/**
 * Subsistence-allowance records of fictional recipients, pushed as civil affairs: exactly 3 PII fields (name, ID
 * number with a computed check character, address), one distinct person per index, so that a test or benchmark can
 * generate any number and recompute what it sent from the index alone.
 */
public final class FictionalAllowances {

    private static final int[] WEIGHTS = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
    private static final String[] NAMES = { "王秀英", "李建国", "张桂兰", "刘志强", "陈淑珍", "杨德明", "赵玉梅", "黄立新" };

    private FictionalAllowances() {
    }

    /** The record of index {@code i} as canonical JSON. */
    public static String record(int i) {
        return """
                {"sourceDepartment":"civil-affairs","sourceKey":"%s","occurredAt":"2026-11-20T09:00:00+08:00",\
                "allowanceNo":"DB%08d","recipientName":"%s","recipientIdNumber":"%s",\
                "address":"%s","divisionCode":"330106","householdSize":%d,"monthlyAmountFen":%d,\
                "status":"ACTIVE","startDate":"2026-01-01","endDate":null}""".formatted(sourceKey(i), i, name(i),
                idNumber(i), address(i), i % 5 + 1, 80_000 + i % 7 * 5_000);
    }

    /** Records {@code from} .. {@code from + size - 1} as a JSON array. */
    public static String batch(int from, int size) {
        StringBuilder body = new StringBuilder(size * 420).append('[');
        for (int i = from; i < from + size; i++) {
            body.append(i == from ? "" : ",").append(record(i));
        }
        return body.append(']').toString();
    }

    public static String sourceKey(int i) {
        return "DB%08d".formatted(i);
    }

    /** The index a source key was made from. */
    public static int index(String sourceKey) {
        return Integer.parseInt(sourceKey.substring(2));
    }

    public static String name(int i) {
        return NAMES[i % NAMES.length];
    }

    public static String address(int i) {
        return "杭州市某区某街道%d号".formatted(i % 200 + 1);
    }

    /** An 18-digit resident ID number with its GB 11643 check character, distinct per index. */
    public static String idNumber(int i) {
        LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(i / 999);
        String base = "330106" + birth.toString().replace("-", "") + "%03d".formatted(i % 999 + 1);
        int sum = 0;
        for (int d = 0; d < 17; d++) {
            sum += (base.charAt(d) - '0') * WEIGHTS[d];
        }
        return base + "10X98765432".charAt(sum % 11);
    }
}
