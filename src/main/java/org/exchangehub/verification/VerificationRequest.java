package org.exchangehub.verification;

import java.time.LocalDate;

/**
 * A question to a verification service.
 *
 * @param idNumber       the person's resident ID number (GB 11643); turned into its blind index at once, never kept
 * @param name           the name asserted with it ({@code identity-consistency}); never kept
 * @param purpose        why the department asks (it must match its grant)
 * @param caseReference  the department's case the question belongs to: letters, digits and {@code - _ / .}, at most
 *                       64 — a case number, not personal data
 * @param diedOnOrBefore for {@code death-status}: the date the person is asserted to have died on or before; null
 *                       asks only whether the person died
 */
public record VerificationRequest(String idNumber, String name, String purpose, String caseReference,
        LocalDate diedOnOrBefore) {
}
