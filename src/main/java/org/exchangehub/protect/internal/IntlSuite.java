package org.exchangehub.protect.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.util.Arrays;
import org.exchangehub.protect.CryptoSuite;

/**
 * The INTL suite on the JDK's own providers, which use the CPU's AES and carry-less multiply instructions:
 * AES-256-GCM, SHA-256, HMAC-SHA-256, ECDSA P-256 over SHA-256, and sealing by ECDH with an ephemeral P-256
 * key whose shared secret HKDF-SHA-256 expands (info {@code exchange-hub seal v1 ‖ ephemeral key}) into an
 * AES-256-GCM content key. The JDK's GCM refuses to encrypt twice in a row with the same key and nonce on
 * one cipher instance: a last guard against nonce reuse, kept on purpose.
 */
public final class IntlSuite implements CryptoSuite {

    public static final IntlSuite INSTANCE = new IntlSuite();

    private static final byte[] SEAL_INFO = "exchange-hub seal v1".getBytes(StandardCharsets.US_ASCII);
    private static final ThreadLocal<Cipher> AES_GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has AES/GCM/NoPadding", e);
        }
    });

    private IntlSuite() {
    }

    @Override
    public String name() {
        return "INTL";
    }

    @Override
    public int keyLength() {
        return 32;
    }

    @Override
    public byte[] encrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            return gcm(Cipher.ENCRYPT_MODE, key, nonce, aad, plaintext);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] decrypt(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag) throws GeneralSecurityException {
        return gcm(Cipher.DECRYPT_MODE, key, nonce, aad, ciphertextAndTag);
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input)
            throws GeneralSecurityException {
        Cipher cipher = AES_GCM.get();
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_LENGTH * 8, nonce));
        cipher.updateAAD(aad);
        return cipher.doFinal(input);
    }

    @Override
    public byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has HmacSHA256", e);
        }
    }

    @Override
    public KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), BouncyCastle.RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks P-256", e);
        }
    }

    @Override
    public byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signature = Signature.getInstance("SHA256withECDSA");
            signature.initSign(key, BouncyCastle.RANDOM);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 private key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public byte[] seal(PublicKey recipient, byte[] aad, byte[] plaintext) {
        KeyPair ephemeral = newKeyPair();
        byte[] kem = ephemeral.getPublic().getEncoded();
        try {
            byte[] contentKey = contentKey(ephemeral.getPrivate(), recipient, kem);
            byte[] nonce = BouncyCastle.randomBytes(NONCE_LENGTH);
            return new SealedFrame(kem, nonce, encrypt(contentKey, nonce, aad, plaintext)).toBytes();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a P-256 public key: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] open(PrivateKey recipient, byte[] aad, byte[] sealed) throws GeneralSecurityException {
        SealedFrame frame = SealedFrame.parse(sealed);
        PublicKey ephemeral = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(frame.kem()));
        byte[] contentKey = contentKey(recipient, ephemeral, frame.kem());
        return decrypt(contentKey, frame.nonce(), aad, frame.ciphertextAndTag());
    }

    private byte[] contentKey(PrivateKey own, PublicKey other, byte[] ephemeralEncoded) throws GeneralSecurityException {
        KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
        ecdh.init(own);
        ecdh.doPhase(other, true);
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ecdh.generateSecret(), null, Arrays.concatenate(SEAL_INFO, ephemeralEncoded)));
        byte[] key = new byte[keyLength()];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }
}
