package org.exchangehub.protect.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import org.exchangehub.protect.CryptoSuite;

/** The byte layout of a sealed value: {@code u16 kemLength ‖ kem ‖ nonce(12) ‖ ciphertext ‖ tag(16)}. */
record SealedFrame(byte[] kem, byte[] nonce, byte[] ciphertextAndTag) {

    byte[] toBytes() {
        return ByteBuffer.allocate(2 + kem.length + nonce.length + ciphertextAndTag.length)
                .putShort((short) kem.length).put(kem).put(nonce).put(ciphertextAndTag).array();
    }

    static SealedFrame parse(byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < 2) {
            throw new GeneralSecurityException("sealed value too short");
        }
        int kemLength = ((sealed[0] & 0xff) << 8) | (sealed[1] & 0xff);
        int nonceEnd = 2 + kemLength + CryptoSuite.NONCE_LENGTH;
        if (sealed.length < nonceEnd + CryptoSuite.TAG_LENGTH) {
            throw new GeneralSecurityException("sealed value truncated");
        }
        return new SealedFrame(Arrays.copyOfRange(sealed, 2, 2 + kemLength),
                Arrays.copyOfRange(sealed, 2 + kemLength, nonceEnd), Arrays.copyOfRange(sealed, nonceEnd, sealed.length));
    }
}
