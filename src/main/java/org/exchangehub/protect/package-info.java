/**
 * Field-level protection of personal data: the crypto suites (SM: SM4-GCM, SM3, SM2; INTL: AES-256-GCM,
 * SHA-256, ECDSA/ECDH P-256), the key hierarchy (master key in a BCFKS keystore, data keys wrapped in the
 * database), field encryption driven by the schemas' {@code pii} annotations, blind indexes, masking and the
 * per-subscriber views of a record.
 */
@ApplicationModule(displayName = "Field protection")
package org.exchangehub.protect;

import org.springframework.modulith.ApplicationModule;
