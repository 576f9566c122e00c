package org.exchangehub.catalog;

/**
 * A catalog resource's or field's sharing attribute (政务数据共享条例): unconditional (无条件共享, granted at once),
 * conditional (有条件共享, granted after the provider approves a request with purpose and legal basis), or not shared
 * (不予共享, cannot be requested). Ordered from most to least open.
 */
public enum SharingAttribute {
    UNCONDITIONAL, CONDITIONAL, NOT_SHARED;

    /** True when this attribute shares more freely than {@code other}. */
    public boolean isMoreOpenThan(SharingAttribute other) {
        return ordinal() < other.ordinal();
    }
}
