package org.exchangehub.ingest;

/** Marital status codes of GB/T 2261.2, the values canonical records carry. */
public enum MaritalStatus implements GbCode {
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

    @Override
    public String code() {
        return code;
    }

    @Override
    public String label() {
        return label;
    }

    /** The entry for a standard code value, e.g. {@code 20}. */
    public static ElementCheck<MaritalStatus> ofCode(String raw) {
        return GbCode.byCode(MaritalStatus.class, raw);
    }

    /** The entry for its Chinese name, e.g. 丧偶. */
    public static ElementCheck<MaritalStatus> ofText(String raw) {
        return GbCode.byLabel(MaritalStatus.class, raw);
    }
}
