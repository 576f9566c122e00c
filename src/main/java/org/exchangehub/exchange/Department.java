package org.exchangehub.exchange;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A department connected to the hub: seeded from {@code config/departments.yaml}, managed through the admin API.
 * A disabled department's credentials are refused and nothing is delivered to it; its records stay journaled.
 *
 * @param code             stable identifier, lower-case, e.g. {@code civil-affairs}
 * @param nameZh           Chinese name, e.g. 民政局
 * @param nameEn           English name
 * @param divisionCode     administrative division (GB/T 2260) the department serves
 * @param sealingPublicKey PEM public key (SM2 or P-256) for SEALED fields; empty when the department has none
 * @param enabled          false once disabled (default true)
 */
public record Department(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String code,
        @NotBlank String nameZh,
        @NotBlank String nameEn,
        @Pattern(regexp = "\\d{6}") String divisionCode,
        String sealingPublicKey,
        Boolean enabled) {

    public Department {
        enabled = enabled == null || enabled;
        sealingPublicKey = sealingPublicKey == null || sealingPublicKey.isBlank() ? null : sealingPublicKey;
    }

    /** This department with another enabled flag. */
    public Department withEnabled(boolean newEnabled) {
        return new Department(code, nameZh, nameEn, divisionCode, sealingPublicKey, newEnabled);
    }

    /** This department with another sealing public key (null to remove it). */
    public Department withSealingPublicKey(String pem) {
        return new Department(code, nameZh, nameEn, divisionCode, pem, enabled);
    }
}
