package org.exchangehub.protect.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.AEADBadTagException;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.engines.SM2Engine;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.jcajce.provider.asymmetric.util.ECUtil;
import org.exchangehub.protect.CryptoSuite;

/**
 * The SM suite on Bouncy Castle's lightweight API (no JCA lookup per call): SM4-GCM, SM3, HMAC-SM3, SM2
 * signatures ({@code SM3withSM2}, default user ID 1234567812345678) and SM2 encryption in C1C3C2 order
 * (GB/T 32918.4) for sealing.
 */
public final class SmSuite implements CryptoSuite {

    public static final SmSuite INSTANCE = new SmSuite();

    private static final int CACHED_KEYS_PER_THREAD = 32;
    /** Initialized SM4-GCM instances per thread, by key: re-init with a new nonce skips the key setup. */
    private static final ThreadLocal<Map<ByteBuffer, GCMModeCipher>> CIPHERS = ThreadLocal.withInitial(
            () -> new LinkedHashMap<>(CACHED_KEYS_PER_THREAD, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<ByteBuffer, GCMModeCipher> eldest) {
                    return size() > CACHED_KEYS_PER_THREAD;
                }
            });

    private SmSuite() {
    }

    @Override
    public String name() {
        return "SM";
    }

    @Override
    public int keyLength() {
        return 16;
    }

    @Override
    public byte[] encrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
        try {
            return gcm(true, key, nonce, aad, plaintext);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("SM4-GCM encryption cannot fail on valid parameters", e);
        }
    }

    @Override
    public byte[] decrypt(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertextAndTag) throws GeneralSecurityException {
        try {
            return gcm(false, key, nonce, aad, ciphertextAndTag);
        } catch (InvalidCipherTextException e) {
            throw new AEADBadTagException("SM4-GCM tag mismatch");
        }
    }

    private static byte[] gcm(boolean encrypt, byte[] key, byte[] nonce, byte[] aad, byte[] input)
            throws InvalidCipherTextException {
        Map<ByteBuffer, GCMModeCipher> ciphers = CIPHERS.get();
        ByteBuffer keyId = ByteBuffer.wrap(key);
        GCMModeCipher gcm = ciphers.get(keyId);
        if (gcm == null) {
            gcm = GCMBlockCipher.newInstance(new SM4Engine());
            gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, nonce, aad));
            ciphers.put(ByteBuffer.wrap(key.clone()), gcm);
        } else {
            // a null key keeps the key schedule and GHASH tables of the previous init: most of the cost
            gcm.init(encrypt, new AEADParameters(null, TAG_LENGTH * 8, nonce, aad));
        }
        byte[] output = new byte[gcm.getOutputSize(input.length)];
        int written = gcm.processBytes(input, 0, input.length, output, 0);
        gcm.doFinal(output, written);
        return output;
    }

    @Override
    public byte[] digest(byte[] data) {
        SM3Digest sm3 = new SM3Digest();
        sm3.update(data, 0, data.length);
        byte[] out = new byte[sm3.getDigestSize()];
        sm3.doFinal(out, 0);
        return out;
    }

    @Override
    public byte[] hmac(byte[] key, byte[] data) {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(key));
        mac.update(data, 0, data.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    @Override
    public KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BouncyCastle.PROVIDER);
            generator.initialize(new ECGenParameterSpec("sm2p256v1"), BouncyCastle.RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Bouncy Castle lacks sm2p256v1", e);
        }
    }

    @Override
    public byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature signature = Signature.getInstance("SM3withSM2", BouncyCastle.PROVIDER);
            signature.initSign(key, BouncyCastle.RANDOM);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an SM2 private key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SM3withSM2", BouncyCastle.PROVIDER);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public byte[] seal(PublicKey recipient, byte[] aad, byte[] plaintext) {
        byte[] contentKey = BouncyCastle.randomBytes(keyLength());
        try {
            SM2Engine sm2 = new SM2Engine(SM2Engine.Mode.C1C3C2);
            sm2.init(true, new ParametersWithRandom(ECUtil.generatePublicKeyParameter(recipient), BouncyCastle.RANDOM));
            byte[] kem = sm2.processBlock(contentKey, 0, contentKey.length);
            byte[] nonce = BouncyCastle.randomBytes(NONCE_LENGTH);
            return new SealedFrame(kem, nonce, encrypt(contentKey, nonce, aad, plaintext)).toBytes();
        } catch (GeneralSecurityException | InvalidCipherTextException e) {
            throw new IllegalArgumentException("not an SM2 public key: " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] open(PrivateKey recipient, byte[] aad, byte[] sealed) throws GeneralSecurityException {
        SealedFrame frame = SealedFrame.parse(sealed);
        SM2Engine sm2 = new SM2Engine(SM2Engine.Mode.C1C3C2);
        sm2.init(false, ECUtil.generatePrivateKeyParameter(recipient));
        byte[] contentKey;
        try {
            contentKey = sm2.processBlock(frame.kem(), 0, frame.kem().length);
        } catch (InvalidCipherTextException | RuntimeException e) {
            throw new GeneralSecurityException("sealed key does not open with this private key");
        }
        return decrypt(contentKey, frame.nonce(), aad, frame.ciphertextAndTag());
    }
}
