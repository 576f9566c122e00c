package org.exchangehub.protect;

/**
 * How a subscriber receives one PII field. Non-PII fields are always delivered as they are; a PII field with no
 * view, or an unknown one, is {@link #OMIT}ted: deny by default.
 */
public enum FieldView {
    /** Decrypted at delivery. */
    CLEAR,
    /** Decrypted and masked for display, e.g. {@code 110105********002X}, {@code 张*}, {@code 138****5678}. */
    MASKED,
    /** A blind index {@code bi1.…}: equal people match across departments, nobody sees the value. */
    BLIND_INDEX,
    /** Re-encrypted to the subscriber's registered public key {@code ehs1.…}: only the subscriber can open it. */
    SEALED,
    /** Not delivered (null). */
    OMIT;

    /** The view with a name, or OMIT for anything else. */
    public static FieldView parse(String name) {
        for (FieldView view : values()) {
            if (view.name().equals(name)) {
                return view;
            }
        }
        return OMIT;
    }
}
