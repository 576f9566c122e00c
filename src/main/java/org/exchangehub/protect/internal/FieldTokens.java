package org.exchangehub.protect.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.FieldDecryptionException;

/**
 * The text forms of protected values. Encrypted: {@code ehx1.<dekId>.<base64url(nonce ‖ ciphertext ‖ tag)>}.
 * Sealed: {@code ehs1.<base64url(sealed)>}. Blind index: {@code bi1.<base64url(16 bytes)>}. Base64url without
 * padding. The AAD binding a value to its place is {@code recordId 0x00 subject 0x00 field}, in UTF-8.
 */
public final class FieldTokens {

    public static final String ENCRYPTED = "ehx1.";
    public static final String SEALED = "ehs1.";
    public static final String BLIND_INDEX = "bi1.";

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** {@code ehx1.<dekId>.} in UTF-8 by key id: a handful of data keys, each used for many values. */
    private static final Map<String, byte[]> PREFIXES = new ConcurrentHashMap<>();

    /** A parsed encrypted token. */
    public record Encrypted(String dekId, byte[] nonce, byte[] ciphertextAndTag) {
    }

    private FieldTokens() {
    }

    public static boolean isEncrypted(String value) {
        return value.startsWith(ENCRYPTED);
    }

    public static String encrypted(String dekId, byte[] nonce, byte[] ciphertextAndTag) {
        byte[] body = Arrays.copyOf(nonce, nonce.length + ciphertextAndTag.length);
        System.arraycopy(ciphertextAndTag, 0, body, nonce.length, ciphertextAndTag.length);
        byte[] encoded = ENCODER.encode(body);
        byte[] prefix = PREFIXES.computeIfAbsent(dekId, id -> (ENCRYPTED + id + ".").getBytes(UTF_8));
        byte[] token = Arrays.copyOf(prefix, prefix.length + encoded.length);
        System.arraycopy(encoded, 0, token, prefix.length, encoded.length);
        return new String(token, UTF_8);
    }

    public static Encrypted parseEncrypted(String field, String token) {
        if (!isEncrypted(token)) {
            throw new FieldDecryptionException(field, FieldDecryptionException.Reason.NOT_ENCRYPTED);
        }
        int dot = token.indexOf('.', ENCRYPTED.length());
        if (dot <= ENCRYPTED.length()) {
            throw new FieldDecryptionException(field, FieldDecryptionException.Reason.MALFORMED_TOKEN);
        }
        byte[] body;
        try {
            body = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            throw new FieldDecryptionException(field, FieldDecryptionException.Reason.MALFORMED_TOKEN);
        }
        if (body.length < CryptoSuite.NONCE_LENGTH + CryptoSuite.TAG_LENGTH) {
            throw new FieldDecryptionException(field, FieldDecryptionException.Reason.MALFORMED_TOKEN);
        }
        return new Encrypted(token.substring(ENCRYPTED.length(), dot), Arrays.copyOf(body, CryptoSuite.NONCE_LENGTH),
                Arrays.copyOfRange(body, CryptoSuite.NONCE_LENGTH, body.length));
    }

    public static String sealed(byte[] sealed) {
        return SEALED + ENCODER.encodeToString(sealed);
    }

    /** The sealed bytes of an {@code ehs1.} token. */
    public static byte[] parseSealed(String token) {
        if (!token.startsWith(SEALED)) {
            throw new IllegalArgumentException("not a sealed value: expected the prefix " + SEALED);
        }
        return DECODER.decode(token.substring(SEALED.length()));
    }

    public static String blindIndex(byte[] mac) {
        return BLIND_INDEX + ENCODER.encodeToString(Arrays.copyOf(mac, 16));
    }

    /** {@code recordId 0x00 subject 0x00 field}. */
    public static byte[] aad(String recordId, String subject, String field) {
        byte[] id = recordId.getBytes(UTF_8);
        byte[] subjectBytes = subject.getBytes(UTF_8);
        byte[] fieldBytes = field.getBytes(UTF_8);
        byte[] aad = new byte[id.length + 1 + subjectBytes.length + 1 + fieldBytes.length];
        System.arraycopy(id, 0, aad, 0, id.length);
        System.arraycopy(subjectBytes, 0, aad, id.length + 1, subjectBytes.length);
        System.arraycopy(fieldBytes, 0, aad, id.length + 2 + subjectBytes.length, fieldBytes.length);
        return aad;
    }
}
