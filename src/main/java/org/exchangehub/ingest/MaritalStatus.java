package org.exchangehub.ingest;

import java.util.Arrays;

/** Marital status codes of GB/T 2261.2, the values canonical records carry. */
public enum MaritalStatus {
    UNMARRIED("10", "未婚"),
    MARRIED("20", "已婚"),
    FIRST_MARRIAGE("21", "初婚"),
    REMARRIED("22", "再婚"),
    REMARRIED_AFTER_DIVORCE("23", "复婚"),
    WIDOWED("30", "丧偶"),
    DIVORCED("40", "离婚"),
    UNSPECIFIED("90", "未说明的婚姻状况");

    private final String code;
    private final String label;

    MaritalStatus(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The GB/T 2261.2 code, e.g. {@code 20}. */
    public String code() {
        return code;
    }

    /** The standard's Chinese name. */
    public String label() {
        return label;
    }

    /** The status for a standard code value. */
    public static ElementCheck<MaritalStatus> ofCode(String raw) {
        String value = raw == null ? "" : raw.strip();
        return Arrays.stream(values()).filter(status -> status.code.equals(value)).findFirst()
                .map(ElementCheck::valid).orElseGet(() -> ElementCheck.invalid(ReasonCode.CODE_UNKNOWN));
    }

    /** The status for its Chinese name, e.g. 丧偶. */
    public static ElementCheck<MaritalStatus> ofText(String raw) {
        String value = raw == null ? "" : raw.strip();
        return Arrays.stream(values()).filter(status -> status.label.equals(value)).findFirst()
                .map(ElementCheck::valid).orElseGet(() -> ElementCheck.invalid(ReasonCode.CODE_UNKNOWN));
    }
}
