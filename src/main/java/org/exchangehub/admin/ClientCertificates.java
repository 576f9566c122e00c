package org.exchangehub.admin;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.exchange.Departments;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Client certificates (mTLS) registered for departments, identified by the SHA-256 fingerprint of the DER
 * certificate. The TLS layer (server.ssl with client-auth) checks the chain; the hub maps a presented certificate
 * to the department it was registered for, while it is unexpired, unrevoked and the department enabled.
 */
@Service
public class ClientCertificates {

    /** A registered certificate. */
    public record Registered(String fingerprint, String department, String subject, Instant notAfter,
            Instant createdAt, String createdBy, Instant revokedAt) {
    }

    private final JdbcClient jdbc;
    private final Departments departments;
    private final AuditLog audit;
    private final Clock clock;

    ClientCertificates(JdbcClient jdbc, Departments departments, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.departments = departments;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Registers a PEM certificate for a department.
     *
     * @throws IllegalArgumentException when the text is not an X.509 certificate or it is registered already
     */
    @Transactional
    public Registered register(String department, String pem, String actor) {
        if (departments.byCode(department).isEmpty()) {
            throw new NoSuchElementException("no department '" + department + "'");
        }
        X509Certificate certificate;
        try {
            certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException | ClassCastException e) {
            throw new IllegalArgumentException("certificate: not a PEM X.509 certificate");
        }
        String fingerprint = fingerprint(certificate);
        if (find(fingerprint).isPresent()) {
            throw new IllegalArgumentException("certificate: registered already");
        }
        jdbc.sql("""
                INSERT INTO admin_client_certificate (fingerprint, department, subject, not_after, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(fingerprint, department, certificate.getSubjectX500Principal().getName(),
                        Timestamp.from(certificate.getNotAfter().toInstant()), Timestamp.from(clock.instant()), actor)
                .update();
        audit.append(AuditEntry.forDepartment(actor, department, "client certificate REGISTERED " + fingerprint));
        return find(fingerprint).orElseThrow();
    }

    /** Revokes a registered certificate. */
    @Transactional
    public Registered revoke(String department, String fingerprint, String actor) {
        Registered registered = find(fingerprint).filter(r -> r.department().equals(department))
                .orElseThrow(() -> new NoSuchElementException("department '" + department + "' has no certificate "
                        + fingerprint));
        if (registered.revokedAt() == null) {
            jdbc.sql("UPDATE admin_client_certificate SET revoked_at = ? WHERE fingerprint = ?")
                    .params(Timestamp.from(clock.instant()), fingerprint).update();
            audit.append(AuditEntry.forDepartment(actor, department, "client certificate REVOKED " + fingerprint));
        }
        return find(fingerprint).orElseThrow();
    }

    public List<Registered> list(String department) {
        return jdbc.sql("SELECT * FROM admin_client_certificate WHERE department = ? ORDER BY created_at")
                .param(department).query(ROW).list();
    }

    /** The department a presented certificate belongs to, if it is registered, valid and its department enabled. */
    public Optional<String> department(X509Certificate certificate) {
        Instant now = clock.instant();
        return find(fingerprint(certificate))
                .filter(r -> r.revokedAt() == null && now.isBefore(r.notAfter()))
                .map(Registered::department)
                .filter(departments::isEnabled);
    }

    private Optional<Registered> find(String fingerprint) {
        return jdbc.sql("SELECT * FROM admin_client_certificate WHERE fingerprint = ?").param(fingerprint).query(ROW)
                .optional();
    }

    static String fingerprint(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final RowMapper<Registered> ROW = (rs, n) -> new Registered(
            rs.getString("fingerprint"), rs.getString("department"), rs.getString("subject"),
            rs.getTimestamp("not_after").toInstant(), rs.getTimestamp("created_at").toInstant(),
            rs.getString("created_by"),
            rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant());
}
