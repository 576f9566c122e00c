package org.exchangehub.ingest;

/** Sex codes of GB/T 2261.1, the values canonical records carry in their {@code sex} fields. */
public enum SexCode implements GbCode {
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

    @Override
    public String code() {
        return code;
    }

    @Override
    public String label() {
        return label;
    }

    /** The entry for a standard code value: 0, 1, 2 or 9. */
    public static ElementCheck<SexCode> ofCode(String raw) {
        return GbCode.byCode(SexCode.class, raw);
    }

    /** The entry for Chinese text: 男/男性, 女/女性, 未知/未知的性别, 未说明/未说明的性别. */
    public static ElementCheck<SexCode> ofText(String raw) {
        String value = raw == null ? "" : raw.strip();
        String standard = value.endsWith("性") && value.length() == 2 ? value.substring(0, 1)
                : value.startsWith("未") && !value.endsWith("的性别") ? value + "的性别" : value;
        return GbCode.byLabel(SexCode.class, standard);
    }
}
