package org.exchangehub.protect;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

import org.exchangehub.protect.internal.IntlSuite;
import org.exchangehub.protect.internal.SmSuite;

/**
 * The algorithms the hub protects data with, as one unit. {@code SM} (default, GB/T 39786 level 3): SM4-GCM,
 * SM3, HMAC-SM3, SM2 signatures with the default user ID and SM2 sealing. {@code INTL}: AES-256-GCM, SHA-256,
 * HMAC-SHA-256, ECDSA P-256 and ECDH P-256 sealing. Every key records the suite it belongs to.
 *
 * <p>AEAD calls take a 12-byte nonce and return ciphertext followed by the 16-byte tag. Sealed values are
 * {@code u16 kemLength ‖ kem ‖ nonce(12) ‖ ciphertext ‖ tag(16)}, where the KEM carries a fresh content key:
 * SM2-encrypted (C1C3C2) for SM, an ephemeral P-256 public key whose ECDH secret is expanded with
 * HKDF-SHA-256 for INTL.
 */
public interface CryptoSuite {

    /** Length of AEAD nonces, in bytes. */
    int NONCE_LENGTH = 12;
    /** Length of AEAD tags, in bytes. */
    int TAG_LENGTH = 16;

    /** {@code SM} or {@code INTL}. */
    String name();

    /** Length of data keys and master keys, in bytes (16 for SM4, 32 for AES-256). */
    int keyLength();

    /** Encrypts and authenticates; returns ciphertext ‖ tag. */
    byte[] encrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext);

    /**
     * Checks and decrypts ciphertext ‖ tag.
     *
     * @throws GeneralSecurityException when the tag does not verify (wrong key, nonce, AAD or altered bytes)
     */
    byte[] decrypt(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag) throws GeneralSecurityException;

    /** SM3 or SHA-256. */
    byte[] digest(byte[] data);

    /** HMAC-SM3 or HMAC-SHA-256. */
    byte[] hmac(byte[] key, byte[] data);

    /** A new key pair for signatures and sealing (sm2p256v1 or P-256). */
    KeyPair newKeyPair();

    /** A DER-encoded signature (SM2 with the default user ID over SM3, or ECDSA over SHA-256). */
    byte[] sign(PrivateKey key, byte[] data);

    /** True when the signature is valid for the data and key. */
    boolean verify(PublicKey key, byte[] data, byte[] signature);

    /** Encrypts to a recipient's public key, bound to {@code aad}. */
    byte[] seal(PublicKey recipient, byte[] aad, byte[] plaintext);

    /**
     * Opens a sealed value with the recipient's private key.
     *
     * @throws GeneralSecurityException when the value was not sealed to this key with this AAD, or was altered
     */
    byte[] open(PrivateKey recipient, byte[] aad, byte[] sealed) throws GeneralSecurityException;

    /** The suite with a name. */
    static CryptoSuite of(String name) {
        return switch (name) {
            case "SM" -> SmSuite.INSTANCE;
            case "INTL" -> IntlSuite.INSTANCE;
            default -> throw new IllegalArgumentException("unknown crypto suite '" + name + "', expected SM or INTL");
        };
    }
}
