package org.exchangehub.protect;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;

import org.exchangehub.protect.internal.FieldTokens;
import org.exchangehub.protect.internal.SealingKeys;

/**
 * For departments: opens an {@code ehs1.} field that the hub sealed to the department's public key. Needs the
 * department's private key and the field's place (record id, subject, field name), to which the seal is bound.
 * Plain Java, no hub running; the command line form is {@link OpenSealedCommand}.
 */
public final class SealedFields {

    private SealedFields() {
    }

    /**
     * Opens a sealed field.
     *
     * @throws GeneralSecurityException when the value was not sealed to this key for this place, or was altered
     */
    public static String open(String token, PrivateKey privateKey, String recordId, String subject, String field)
            throws GeneralSecurityException {
        byte[] sealed;
        try {
            sealed = FieldTokens.parseSealed(token);
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not a sealed value (expected ehs1.<base64url>)");
        }
        CryptoSuite suite = SealingKeys.suiteOf(privateKey);
        return new String(suite.open(privateKey, FieldTokens.aad(recordId, subject, field), sealed), UTF_8);
    }
}
