package org.exchangehub.exchange;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A department connected to the hub ({@code config/departments.yaml}).
 *
 * @param code             stable identifier, lower-case, e.g. {@code civil-affairs}
 * @param nameZh           Chinese name, e.g. 民政局
 * @param nameEn           English name
 * @param divisionCode     administrative division (GB/T 2260) the department serves
 * @param sealingPublicKey PEM public key (SM2 or P-256) for SEALED fields; empty when the department has none
 */
public record Department(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String code,
        @NotBlank String nameZh,
        @NotBlank String nameEn,
        @Pattern(regexp = "\\d{6}") String divisionCode,
        String sealingPublicKey) {
}
