package org.exchangehub.protect;

import java.security.GeneralSecurityException;

import org.exchangehub.protect.FieldDecryptionException.Reason;
import org.exchangehub.protect.internal.DataKeys;
import org.exchangehub.protect.internal.FieldNonces;
import org.exchangehub.protect.internal.FieldTokens;
import org.springframework.stereotype.Service;

/**
 * Encrypts opaque payloads that may hold personal data, such as a quarantined department export, under a data
 * key per (kind, period). The token has the field token's form, bound by its AAD to the kind and the payload's
 * id, so it cannot be swapped with another.
 */
@Service
public class PayloadVault {

    private static final String FIELD = "payload";

    private final DataKeys dataKeys;

    PayloadVault(DataKeys dataKeys) {
        this.dataKeys = dataKeys;
    }

    /** Encrypts a payload of a kind (e.g. {@code quarantine}) with its id. */
    public String seal(String kind, String id, byte[] payload) {
        DataKeys.DataKey key = dataKeys.forPayload(kind);
        byte[] nonce = FieldNonces.SHARED.next();
        return FieldTokens.encrypted(key.id(), nonce,
                key.suite().encrypt(key.key(), nonce, FieldTokens.aad(id, kind, FIELD), payload));
    }

    /**
     * Decrypts a payload sealed with {@link #seal}.
     *
     * @throws FieldDecryptionException when the token is malformed, its key unknown, or it belongs elsewhere
     */
    public byte[] open(String kind, String id, String token) {
        FieldTokens.Encrypted parsed = FieldTokens.parseEncrypted(FIELD, token);
        DataKeys.DataKey key = dataKeys.byId(parsed.dekId())
                .orElseThrow(() -> new FieldDecryptionException(FIELD, Reason.UNKNOWN_KEY));
        try {
            return key.suite().decrypt(key.key(), parsed.nonce(), FieldTokens.aad(id, kind, FIELD),
                    parsed.ciphertextAndTag());
        } catch (GeneralSecurityException e) {
            throw new FieldDecryptionException(FIELD, Reason.AUTHENTICATION_FAILED);
        }
    }
}
