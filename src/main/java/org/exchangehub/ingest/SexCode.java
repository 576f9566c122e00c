package org.exchangehub.ingest;

import java.util.Arrays;

/** Sex codes of GB/T 2261.1, the values canonical records carry in their {@code sex} fields. */
public enum SexCode {
    UNKNOWN("0", "未知的性别"),
    MALE("1", "男"),
    FEMALE("2", "女"),
    UNSPECIFIED("9", "未说明的性别");

    private final String code;
    private final String label;

    SexCode(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** The GB/T 2261.1 code: 0, 1, 2 or 9. */
    public String code() {
        return code;
    }

    /** The standard's Chinese name. */
    public String label() {
        return label;
    }

    /** The code for a standard code value. */
    public static ElementCheck<SexCode> ofCode(String raw) {
        String value = raw == null ? "" : raw.strip();
        return Arrays.stream(values()).filter(sex -> sex.code.equals(value)).findFirst()
                .map(ElementCheck::valid).orElseGet(() -> ElementCheck.invalid(ReasonCode.CODE_UNKNOWN));
    }

    /** The code for Chinese text: 男/男性, 女/女性, 未知/未知的性别, 未说明/未说明的性别. */
    public static ElementCheck<SexCode> ofText(String raw) {
        String value = raw == null ? "" : raw.strip();
        for (SexCode sex : values()) {
            if (sex.label.equals(value) || (sex.label + "性").equals(value) || sex.label.equals(value + "的性别")) {
                return ElementCheck.valid(sex);
            }
        }
        return ElementCheck.invalid(ReasonCode.CODE_UNKNOWN);
    }
}
