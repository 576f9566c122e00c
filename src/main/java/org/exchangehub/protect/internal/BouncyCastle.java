package org.exchangehub.protect.internal;

import java.security.Provider;
import java.security.SecureRandom;

import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The Bouncy Castle provider instance the hub passes explicitly to JCA calls; it is not installed globally. */
public final class BouncyCastle {

    /** Shared provider instance. */
    public static final Provider PROVIDER = new BouncyCastleProvider();
    /** Randomness for keys and nonces. */
    public static final SecureRandom RANDOM = new SecureRandom();

    private BouncyCastle() {
    }

    /** {@code length} random bytes. */
    public static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
