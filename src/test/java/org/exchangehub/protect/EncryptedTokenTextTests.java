package org.exchangehub.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import org.exchangehub.protect.internal.FieldTokens;
import org.junit.jupiter.api.Test;

/** The text of an encrypted field is exactly {@code ehx1.<dekId>.<base64url(nonce ‖ ciphertext ‖ tag)>}. */
class EncryptedTokenTextTests {

    @Test
    void tokensAreThePrefixTheKeyIdAndUnpaddedBase64UrlOfNonceAndCiphertext() {
        Random random = new Random(20261123);
        for (int length = 0; length <= 80; length++) {
            for (int nonceLength : new int[] { 12, 13, 14 }) {
                byte[] nonce = new byte[nonceLength];
                byte[] sealed = new byte[length];
                random.nextBytes(nonce);
                random.nextBytes(sealed);

                assertThat(FieldTokens.encrypted("d2026a", nonce, sealed)).isEqualTo(expected("d2026a", nonce, sealed));
            }
        }
    }

    @Test
    void aKeyIdOutsideAsciiIsWrittenAsIs() {
        byte[] nonce = new byte[12];
        byte[] sealed = new byte[36];
        Arrays.fill(sealed, (byte) 0xFB);

        assertThat(FieldTokens.encrypted("密钥1", nonce, sealed)).isEqualTo(expected("密钥1", nonce, sealed));
        assertThat(FieldTokens.parseEncrypted("f", FieldTokens.encrypted("d1", nonce, sealed)).ciphertextAndTag())
                .isEqualTo(sealed);
    }

    private static String expected(String dekId, byte[] nonce, byte[] sealed) {
        byte[] body = Arrays.copyOf(nonce, nonce.length + sealed.length);
        System.arraycopy(sealed, 0, body, nonce.length, sealed.length);
        return "ehx1." + dekId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
    }
}
