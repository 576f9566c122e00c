package org.exchangehub.protect;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Round trips and failure behaviour, the same for both suites. */
class CryptoSuiteBehaviourTests {

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void signaturesVerifyOnlyForTheSignedDataAndKey(String name) {
        CryptoSuite suite = CryptoSuite.of(name);
        KeyPair keys = suite.newKeyPair();
        byte[] data = "seq=1|hash=ab".getBytes(UTF_8);

        byte[] signature = suite.sign(keys.getPrivate(), data);

        assertThat(suite.verify(keys.getPublic(), data, signature)).isTrue();
        assertThat(suite.verify(keys.getPublic(), "seq=2|hash=ab".getBytes(UTF_8), signature)).isFalse();
        assertThat(suite.verify(suite.newKeyPair().getPublic(), data, signature)).isFalse();
        assertThat(suite.verify(keys.getPublic(), data, new byte[] { 1, 2, 3 })).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void sealedValueOpensOnlyWithTheRecipientKeyAndAad(String name) throws Exception {
        CryptoSuite suite = CryptoSuite.of(name);
        KeyPair recipient = suite.newKeyPair();
        byte[] aad = "record|subject|field".getBytes(UTF_8);

        byte[] sealed = suite.seal(recipient.getPublic(), aad, "陈𠇔".getBytes(UTF_8));

        assertThat(new String(suite.open(recipient.getPrivate(), aad, sealed), UTF_8)).isEqualTo("陈𠇔");
        assertThatThrownBy(() -> suite.open(suite.newKeyPair().getPrivate(), aad, sealed))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> suite.open(recipient.getPrivate(), "other".getBytes(UTF_8), sealed))
                .isInstanceOf(GeneralSecurityException.class);
        byte[] flipped = sealed.clone();
        flipped[flipped.length - 1] ^= 1;
        assertThatThrownBy(() -> suite.open(recipient.getPrivate(), aad, flipped))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> suite.open(recipient.getPrivate(), aad, new byte[5]))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void aeadRejectsWrongKeyNonceAadAndAlteredBytes(String name) {
        CryptoSuite suite = CryptoSuite.of(name);
        byte[] key = org.exchangehub.protect.internal.BouncyCastle.randomBytes(suite.keyLength());
        byte[] nonce = org.exchangehub.protect.internal.BouncyCastle.randomBytes(12);
        byte[] sealed = suite.encrypt(key, nonce, new byte[] { 1 }, "x".getBytes(UTF_8));
        byte[] otherKey = key.clone();
        otherKey[0] ^= 1;
        byte[] altered = sealed.clone();
        altered[0] ^= 0x40;

        assertThatThrownBy(() -> suite.decrypt(otherKey, nonce, new byte[] { 1 }, sealed))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> suite.decrypt(key, new byte[12], new byte[] { 2 }, sealed))
                .isInstanceOf(GeneralSecurityException.class);
        assertThatThrownBy(() -> suite.decrypt(key, nonce, new byte[] { 1 }, altered))
                .isInstanceOf(GeneralSecurityException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = { "SM", "INTL" })
    void manyKeysAlternatingOnOneThreadEachDecryptOnlyTheirOwnValues(String name) throws Exception {
        CryptoSuite suite = CryptoSuite.of(name);
        byte[][] keys = new byte[40][];
        byte[][] nonces = new byte[40][];
        byte[][] sealed = new byte[40][];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < keys.length; i++) {
                keys[i] = org.exchangehub.protect.internal.BouncyCastle.randomBytes(suite.keyLength());
                nonces[i] = org.exchangehub.protect.internal.BouncyCastle.randomBytes(12);
                sealed[i] = suite.encrypt(keys[i], nonces[i], new byte[0], ("value " + i).getBytes(UTF_8));
            }
            for (int i = 0; i < keys.length; i++) {
                assertThat(new String(suite.decrypt(keys[i], nonces[i], new byte[0], sealed[i]), UTF_8))
                        .isEqualTo("value " + i);
                int other = (i + 1) % keys.length;
                assertThatThrownBy(() -> suite.decrypt(keys[other], nonces[other], new byte[0], sealed[other == 0 ? 1 : 0]))
                        .isInstanceOf(GeneralSecurityException.class);
            }
        }
    }
}
