package org.exchangehub.protect;

import java.time.Instant;

/**
 * A key lifecycle event, published for the audit log. Carries identifiers and metadata, never key material.
 *
 * @param action  {@code KEY_CREATED}, {@code KEY_ROTATED} or {@code KEY_RETIRED}
 * @param keyId   the key's id: a master key alias ({@code kek-sm-0001}) or a data key id
 * @param kind    {@code MASTER}, {@code DATA} or {@code INDEX}
 * @param suite   {@code SM} or {@code INTL}
 * @param detail  what the key is for, e.g. {@code death-certificate/HEALTH/2026-11}, or what a rotation did
 * @param at      when it happened
 * @param actor   who: {@code hub} for keys the hub makes itself, else the security officer
 */
public record KeyEvent(String action, String keyId, String kind, String suite, String detail, Instant at,
        String actor) {

    /** An event of the hub itself. */
    public KeyEvent(String action, String keyId, String kind, String suite, String detail, Instant at) {
        this(action, keyId, kind, suite, detail, at, "hub");
    }
}
