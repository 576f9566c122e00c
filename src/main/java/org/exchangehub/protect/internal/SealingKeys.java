package org.exchangehub.protect.internal;

import java.math.BigInteger;
import java.security.Key;
import java.security.interfaces.ECKey;
import java.security.spec.ECFieldFp;

import org.exchangehub.protect.CryptoSuite;

/** Which suite a subscriber's EC key belongs to, told by its curve: sm2p256v1 is SM, P-256 is INTL. */
public final class SealingKeys {

    private static final BigInteger SM2_PRIME =
            new BigInteger("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF", 16);
    private static final BigInteger P256_PRIME =
            new BigInteger("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF", 16);

    private SealingKeys() {
    }

    /**
     * The suite of a key.
     *
     * @throws IllegalArgumentException for keys on other curves or of other types
     */
    public static CryptoSuite suiteOf(Key key) {
        if (key instanceof ECKey ec && ec.getParams().getCurve().getField() instanceof ECFieldFp field) {
            if (field.getP().equals(SM2_PRIME)) {
                return CryptoSuite.of("SM");
            }
            if (field.getP().equals(P256_PRIME)) {
                return CryptoSuite.of("INTL");
            }
        }
        throw new IllegalArgumentException("sealing keys must be EC keys on sm2p256v1 (SM) or P-256 (INTL)");
    }
}
