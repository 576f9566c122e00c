package org.exchangehub.protect;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.exchangehub.protect.internal.BouncyCastle;
import org.exchangehub.protect.internal.MasterKeys;
import org.exchangehub.protect.internal.ProtectProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The hub's audit signing key: an SM2 (SM suite) or P-256 (INTL) key pair in the master keystore, under alias
 * {@code audit-signing-<suite>} with a self-signed certificate, created on first start. Signs audit checkpoints;
 * its public key is written as PEM to {@code audit-public-key.pem} beside the keystore, for offline verification.
 */
@Service
public class AuditSigningKey {

    private final CryptoSuite suite;
    private final String alias;
    private final KeyStore.PrivateKeyEntry entry;

    AuditSigningKey(MasterKeys masterKeys, ProtectProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.suite = CryptoSuite.of(properties.suite());
        this.alias = "audit-signing-" + suite.name().toLowerCase();
        this.entry = masterKeys.privateKeyEntry(alias).orElseGet(() -> {
            KeyPair pair = suite.newKeyPair();
            X509Certificate certificate = selfSigned(pair, clock.instant());
            masterKeys.addPrivateKey(alias, pair.getPrivate(), certificate);
            events.publishEvent(new KeyEvent("KEY_CREATED", alias, "SIGNING", suite.name(), "audit signing key",
                    clock.instant()));
            // the entry as stored, without reading it back (each read derives a key from the password)
            return new KeyStore.PrivateKeyEntry(pair.getPrivate(), new Certificate[] { certificate });
        });
        writePublicKey(properties.keystore().toAbsolutePath().resolveSibling("audit-public-key.pem"));
    }

    /** Writes the public key beside the keystore, for auditors and witnesses (it is not secret). */
    private void writePublicKey(Path file) {
        try {
            Files.writeString(file, publicKeyPem());
        } catch (IOException e) {
            throw new IllegalStateException("hub.protect.keystore: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code SM} or {@code INTL}: the suite of the signatures and of the audit hashes. */
    public CryptoSuite suite() {
        return suite;
    }

    /** Identifier of the key, recorded with every signature. */
    public String keyId() {
        return alias;
    }

    public byte[] sign(byte[] data) {
        return suite.sign(entry.getPrivateKey(), data);
    }

    public PublicKey publicKey() {
        return entry.getCertificate().getPublicKey();
    }

    public String publicKeyPem() {
        return PemKeys.publicKeyPem(publicKey());
    }

    private X509Certificate selfSigned(KeyPair pair, Instant now) {
        X500Name name = new X500Name("CN=Exchange Hub audit signing key");
        try {
            var builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now), Date.from(now.plus(Duration.ofDays(3650))), name, pair.getPublic());
            var signer = new JcaContentSignerBuilder("SM".equals(suite.name()) ? "SM3withSM2" : "SHA256withECDSA")
                    .setProvider(BouncyCastle.PROVIDER).build(pair.getPrivate());
            return new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER).getCertificate(builder.build(signer));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the audit signing certificate", e);
        }
    }
}
