package org.exchangehub.protect;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import org.exchangehub.protect.internal.BouncyCastle;

/**
 * PEM text for EC keys of both suites: public keys as {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), private
 * keys as {@code PRIVATE KEY} (PKCS#8) — the forms OpenSSL and departments' tools read and write.
 */
public final class PemKeys {

    private PemKeys() {
    }

    public static String publicKeyPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String privateKeyPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /**
     * Reads an EC public key (P-256 or sm2p256v1).
     *
     * @throws IllegalArgumentException when the text is not a PEM public key of a supported curve
     */
    public static PublicKey readPublicKey(String pem) {
        try {
            return KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                    .generatePublic(new X509EncodedKeySpec(body(pem, "PUBLIC KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM EC public key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads an EC private key (P-256 or sm2p256v1) in PKCS#8 form.
     *
     * @throws IllegalArgumentException when the text is not a PEM PKCS#8 private key of a supported curve
     */
    public static PrivateKey readPrivateKey(String pem) {
        try {
            return KeyFactory.getInstance("EC", BouncyCastle.PROVIDER)
                    .generatePrivate(new PKCS8EncodedKeySpec(body(pem, "PRIVATE KEY")));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not a PEM PKCS#8 EC private key: " + e.getMessage(), e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] body(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("expected a PEM block of type " + type);
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
