package org.exchangehub.protect.internal;

import org.exchangehub.protect.CryptoSuite;

/**
 * GCM nonces for the hub's own encryptions, after NIST SP 800-38D §8.2.1 (deterministic construction): a 64-bit
 * random field followed by a 32-bit invocation counter. The random field is drawn from the system's CSPRNG when the
 * source is made (once per process) and again each time the counter has gone round, so a nonce never repeats in a
 * process and two processes sharing a data key repeat one only if their 64-bit fields collide. A fresh 96-bit random
 * nonce per encryption (what this replaces) cost a CSPRNG call — more than the AES-GCM encryption of a short field.
 */
public final class FieldNonces {

    /** The process's source. */
    public static final FieldNonces SHARED = new FieldNonces();

    private long field;
    private long counter;

    public FieldNonces() {
        this(0);
    }

    /** A source whose counter starts at {@code start} (tests: what happens when it goes round). */
    public FieldNonces(long start) {
        this.counter = start & 0xFFFF_FFFFL;
        this.field = BouncyCastle.RANDOM.nextLong();
    }

    /** The next nonce: random field ‖ counter, big-endian, {@link CryptoSuite#NONCE_LENGTH} bytes. */
    public byte[] next() {
        long random;
        long count;
        synchronized (this) {
            if (counter > 0xFFFF_FFFFL) {
                field = BouncyCastle.RANDOM.nextLong();
                counter = 0;
            }
            random = field;
            count = counter++;
        }
        byte[] nonce = new byte[CryptoSuite.NONCE_LENGTH];
        for (int i = 0; i < 8; i++) {
            nonce[i] = (byte) (random >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            nonce[8 + i] = (byte) (count >>> (24 - 8 * i));
        }
        return nonce;
    }
}
