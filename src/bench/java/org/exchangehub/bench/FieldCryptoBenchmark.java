package org.exchangehub.bench;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.concurrent.TimeUnit;

import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.internal.BouncyCastle;
import org.exchangehub.protect.internal.FieldNonces;
import org.exchangehub.protect.internal.FieldTokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A 20-byte PII value encrypted the way the hub stores it (the next nonce of {@link FieldNonces}, AAD of record
 * id, subject and field, {@code ehx1.} token) against the bare AEAD call with a fixed nonce and no AAD, for both
 * suites.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class FieldCryptoBenchmark {

    @Param({ "SM", "INTL" })
    public String suiteName;

    private CryptoSuite suite;
    private byte[] key;
    private byte[] value;
    private byte[] nonce;
    private long counter;

    @Setup
    public void setUp() {
        suite = CryptoSuite.of(suiteName);
        key = BouncyCastle.randomBytes(suite.keyLength());
        value = "330105199001010177XX".getBytes(UTF_8);
        nonce = BouncyCastle.randomBytes(CryptoSuite.NONCE_LENGTH);
    }

    @Benchmark
    public String field() {
        byte[] fresh = FieldNonces.SHARED.next();
        byte[] sealed = suite.encrypt(key, fresh, FieldTokens.aad("0b5c6f7e-8d9a-4b1c-9e2f-3a4b5c6d7e8f",
                "police-incident-value", "callerIdNumber"), value);
        return FieldTokens.encrypted("d0123456789abcdef", fresh, sealed);
    }

    @Benchmark
    public byte[] raw() {
        // a distinct nonce per call (the JDK refuses to reuse one), as cheaply as possible
        nonce[0] = (byte) counter;
        nonce[1] = (byte) (counter >> 8);
        nonce[2] = (byte) (counter++ >> 16);
        return suite.encrypt(key, nonce, new byte[0], value);
    }
}
