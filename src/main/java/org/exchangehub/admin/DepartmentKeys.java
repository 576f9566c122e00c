package org.exchangehub.admin;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.cluster.HeldReads;
import org.exchangehub.cluster.SharedConfiguration;
import org.exchangehub.cluster.SharedConfigurationChanged;
import org.exchangehub.exchange.Departments;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API keys of department systems: {@code ehk1.<keyId>.<secret>}, the secret 256 random bits. The whole key is shown
 * once, when it is issued; the hub keeps only the key id and a SHA-256 digest of the secret, so a database copy
 * lets no one call the hub. Keys expire, can be revoked at any time, and stop working while their department is
 * disabled. Issuing and revoking are audited (key id, never the key).
 */
@Service
public class DepartmentKeys {

    /** A key just issued; {@code key} is shown this once and never again. */
    public record IssuedKey(String keyId, String department, String key, Instant expiresAt) {
    }

    /** What is known about a key, never the key itself. */
    public record KeyInfo(String keyId, String department, String label, Instant createdAt, String createdBy,
            Instant expiresAt, Instant revokedAt, String revokedBy, Instant lastUsedAt, String status) {
    }

    /** Why a presented key was or was not accepted. */
    public enum Check {
        VALID, MALFORMED, UNKNOWN, EXPIRED, REVOKED, DEPARTMENT_DISABLED
    }

    /** The result of checking a presented key; department and key id only when known. */
    public record Verdict(Check check, String keyId, String department) {
    }

    private static final Pattern FORMAT = Pattern.compile("ehk1\\.([0-9a-f]{16})\\.([A-Za-z0-9_-]{43})");
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Departments departments;
    private final AuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();
    /** Keys as {@link #verify} checks them, held until a key is issued or revoked (here or on another node). */
    private final HeldReads<String, StoredKey> stored;

    private record StoredKey(String department, String secretHash, Instant expiresAt, boolean revoked) {
    }

    DepartmentKeys(JdbcClient jdbc, Departments departments, AuditLog audit, Clock clock, SharedConfiguration shared) {
        this.jdbc = jdbc;
        this.departments = departments;
        this.audit = audit;
        this.clock = clock;
        this.stored = new HeldReads<>(shared);
    }

    /**
     * Issues a key for a department.
     *
     * @throws NoSuchElementException   for an unknown department
     * @throws IllegalArgumentException for a validity that is not positive or over 5 years
     */
    @Transactional
    public IssuedKey issue(String department, String label, Duration validity, String actor) {
        if (departments.byCode(department).isEmpty()) {
            throw new NoSuchElementException("no department '" + department + "'");
        }
        if (validity.isNegative() || validity.isZero() || validity.compareTo(Duration.ofDays(5 * 366)) > 0) {
            throw new IllegalArgumentException("validity: more than 0 and at most 5 years");
        }
        byte[] id = new byte[8];
        byte[] secret = new byte[32];
        random.nextBytes(id);
        random.nextBytes(secret);
        String keyId = HexFormat.of().formatHex(id);
        String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant expires = now.plus(validity);
        stored.changing();
        jdbc.sql("""
                INSERT INTO admin_api_key (key_id, department, label, secret_hash, created_at, created_by, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(keyId, department, label, digest(secretText), Timestamp.from(now), actor, Timestamp.from(expires))
                .update();
        stored.changed();
        audit.append(AuditEntry.forDepartment(actor, department, "api key ISSUED " + keyId
                + (label == null ? "" : " (" + label + ")") + ", expires " + expires));
        return new IssuedKey(keyId, department, "ehk1." + keyId + "." + secretText, expires);
    }

    /**
     * Revokes a key at once.
     *
     * @throws NoSuchElementException when the department has no such key
     */
    @Transactional
    public KeyInfo revoke(String department, String keyId, String actor) {
        KeyInfo key = find(keyId).filter(k -> k.department().equals(department))
                .orElseThrow(() -> new NoSuchElementException("department '" + department + "' has no key " + keyId));
        if (key.revokedAt() == null) {
            stored.changing();
            jdbc.sql("UPDATE admin_api_key SET revoked_at = ?, revoked_by = ? WHERE key_id = ?")
                    .params(Timestamp.from(clock.instant()), actor, keyId).update();
            stored.changed();
            audit.append(AuditEntry.forDepartment(actor, department, "api key REVOKED " + keyId));
        }
        return find(keyId).orElseThrow();
    }

    /** A department's keys, newest first. */
    public List<KeyInfo> list(String department) {
        return jdbc.sql("SELECT * FROM admin_api_key WHERE department = ? ORDER BY created_at DESC, key_id")
                .param(department).query((rs, n) -> info(rs)).list();
    }

    /** Checks a presented key; a valid one is marked used (at most once a minute per key). */
    public Verdict verify(String presented) {
        Matcher matcher = presented == null ? null : FORMAT.matcher(presented);
        if (matcher == null || !matcher.matches()) {
            return new Verdict(Check.MALFORMED, null, null);
        }
        String keyId = matcher.group(1);
        // unknown key ids are not held: guessing them fills no memory
        StoredKey key = stored.get(keyId, () -> jdbc.sql("SELECT department, secret_hash, expires_at, revoked_at"
                + " FROM admin_api_key WHERE key_id = ?").param(keyId).query().listOfRows().stream().findFirst()
                .map(row -> new StoredKey(row.get("DEPARTMENT").toString(), row.get("SECRET_HASH").toString(),
                        instant(row.get("EXPIRES_AT")), row.get("REVOKED_AT") != null))
                .orElse(null));
        if (key == null || !MessageDigest.isEqual(digest(matcher.group(2)).getBytes(UTF_8),
                key.secretHash().getBytes(UTF_8))) {
            return new Verdict(Check.UNKNOWN, keyId, null);
        }
        String department = key.department();
        Instant now = clock.instant();
        if (key.revoked()) {
            return new Verdict(Check.REVOKED, keyId, department);
        }
        if (!now.isBefore(key.expiresAt())) {
            return new Verdict(Check.EXPIRED, keyId, department);
        }
        if (!departments.isEnabled(department)) {
            return new Verdict(Check.DEPARTMENT_DISABLED, keyId, department);
        }
        Instant last = touched.get(keyId);
        if (last == null || last.plus(TOUCH_EVERY).isBefore(now)) {
            touched.put(keyId, now);
            jdbc.sql("UPDATE admin_api_key SET last_used_at = ? WHERE key_id = ?").params(Timestamp.from(now), keyId)
                    .update();
        }
        return new Verdict(Check.VALID, keyId, department);
    }

    /** Drops the held keys: another node issued or revoked one (or changed other shared configuration). */
    @EventListener(SharedConfigurationChanged.class)
    void forgetKeys() {
        stored.forget();
    }

    private Optional<KeyInfo> find(String keyId) {
        return jdbc.sql("SELECT * FROM admin_api_key WHERE key_id = ?").param(keyId).query((rs, n) -> info(rs))
                .optional();
    }

    private KeyInfo info(ResultSet rs) throws SQLException {
        Instant expires = rs.getTimestamp("expires_at").toInstant();
        Instant revoked = rs.getTimestamp("revoked_at") == null ? null : rs.getTimestamp("revoked_at").toInstant();
        String status = revoked != null ? "REVOKED" : clock.instant().isBefore(expires) ? "ACTIVE" : "EXPIRED";
        return new KeyInfo(rs.getString("key_id"), rs.getString("department"), rs.getString("label"),
                rs.getTimestamp("created_at").toInstant(), rs.getString("created_by"), expires, revoked,
                rs.getString("revoked_by"),
                rs.getTimestamp("last_used_at") == null ? null : rs.getTimestamp("last_used_at").toInstant(), status);
    }

    private static Instant instant(Object value) {
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }

    private static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
