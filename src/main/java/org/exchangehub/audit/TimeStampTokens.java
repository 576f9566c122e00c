package org.exchangehub.audit;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;
import org.exchangehub.protect.CryptoSuite;

/**
 * RFC 3161 time-stamp tokens over audit checkpoints (plain Java, shared by the hub and the offline verifier). The
 * time-stamped data is a checkpoint's message {@code "<seq>|<hash>|<at>"}; its imprint is computed with the
 * chain's digest (SM3 for the SM suite, SHA-256 for INTL), and the request asks for the authority's certificate, so
 * that a token can be checked from the token alone — with the authority's certificate pinned, when one is given.
 * Any RFC 3161 implementation verifies them, e.g. {@code openssl ts -verify -token_in -in token.der -data message.txt
 * -CAfile tsa.pem}.
 */
public final class TimeStampTokens {

    /** What a token says, or why it is not good. */
    public record Check(boolean ok, Instant genTime, String authority, String problem) {

        static Check bad(String problem) {
            return new Check(false, null, null, problem);
        }
    }

    private static final Provider PROVIDER = new BouncyCastleProvider();

    private TimeStampTokens() {
    }

    /** The imprint algorithm of a suite's chain. */
    public static ASN1ObjectIdentifier imprintAlgorithm(CryptoSuite suite) {
        return "SM".equals(suite.name()) ? TSPAlgorithms.SM3 : TSPAlgorithms.SHA256;
    }

    /** A request for a token over a checkpoint, with a nonce, asking for the authority's certificate. */
    public static TimeStampRequest request(CryptoSuite suite, Checkpoint checkpoint, BigInteger nonce) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        return generator.generate(imprintAlgorithm(suite), suite.digest(checkpoint.message()), nonce);
    }

    /**
     * The token of an authority's response to a request.
     *
     * @throws IllegalArgumentException naming what is wrong when the response is not a granted, matching token
     */
    public static byte[] tokenOf(TimeStampRequest request, byte[] response) {
        try {
            TimeStampResponse parsed = new TimeStampResponse(response);
            parsed.validate(request);
            if (parsed.getTimeStampToken() == null) {
                throw new IllegalArgumentException("the authority granted no token (status " + parsed.getStatus()
                        + (parsed.getStatusString() == null ? "" : ", " + parsed.getStatusString()) + ")");
            }
            return parsed.getTimeStampToken().getEncoded();
        } catch (TSPException | IOException e) {
            throw new IllegalArgumentException("not a valid time-stamp response: " + e.getMessage());
        }
    }

    /**
     * Checks a token against a checkpoint: the imprint is the suite's digest of its message, the token's signature
     * verifies with the certificate it carries, that certificate is for time-stamping and, when {@code trusted} is
     * given, it is that certificate or one that certificate issued. Never throws for bad input.
     */
    public static Check verify(String tokenBase64, Checkpoint checkpoint, CryptoSuite suite, X509Certificate trusted) {
        TimeStampToken token;
        try {
            token = new TimeStampToken(new CMSSignedData(Base64.getDecoder().decode(tokenBase64)));
        } catch (IllegalArgumentException | CMSException | TSPException | IOException e) {
            return Check.bad("not an RFC 3161 time-stamp token");
        }
        if (!imprintAlgorithm(suite).equals(token.getTimeStampInfo().getMessageImprintAlgOID())
                || !Arrays.equals(suite.digest(checkpoint.message()), token.getTimeStampInfo().getMessageImprintDigest())) {
            return Check.bad("the token time-stamps other data than the checkpoint at seq " + checkpoint.seq());
        }
        X509CertificateHolder signer = signerCertificate(token);
        if (signer == null) {
            return Check.bad("the token carries no certificate of the authority that signed it");
        }
        try {
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().setProvider(PROVIDER).build(signer));
            if (trusted != null && !issuedByOrEqual(signer, trusted)) {
                return Check.bad("the token was signed by " + signer.getSubject() + ", not by the trusted authority");
            }
        } catch (TSPException | OperatorCreationException | CertificateException e) {
            return Check.bad("the token's signature does not verify: " + e.getMessage());
        }
        return new Check(true, token.getTimeStampInfo().getGenTime().toInstant(), signer.getSubject().toString(), null);
    }

    /** Reads a PEM or DER X.509 certificate, e.g. a time-stamping authority's. */
    public static X509Certificate certificate(byte[] encoded) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                    new ByteArrayInputStream(encoded));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X.509 certificate: " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static X509CertificateHolder signerCertificate(TimeStampToken token) {
        Store<X509CertificateHolder> certificates = token.getCertificates();
        Collection<X509CertificateHolder> matches = certificates.getMatches(token.getSID());
        return matches.isEmpty() ? null : matches.iterator().next();
    }

    private static boolean issuedByOrEqual(X509CertificateHolder signer, X509Certificate trusted)
            throws CertificateException {
        X509Certificate certificate = new JcaX509CertificateConverter().setProvider(PROVIDER).getCertificate(signer);
        if (certificate.equals(trusted)) {
            return true;
        }
        try {
            certificate.verify(trusted.getPublicKey(), PROVIDER);
            return certificate.getIssuerX500Principal().equals(trusted.getSubjectX500Principal());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
