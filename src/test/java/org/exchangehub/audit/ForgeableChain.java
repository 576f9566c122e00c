package org.exchangehub.audit;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.bouncycastle.tsp.TimeStampRequest;
import org.exchangehub.H2Files;
import org.exchangehub.protect.CryptoSuite;
import org.exchangehub.protect.PemKeys;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An audit chain written the way the hub writes it — events hashed with a suite, checkpoints signed with an audit
 * key, some time-stamped by a real authority over HTTP — into a fresh migrated H2 database, with what a witness
 * received kept aside, so that tests can forge it as an insider would: in the database, or in a bundle.
 */
final class ForgeableChain {

    final CryptoSuite suite;
    final KeyPair keys;
    final JdbcDataSource database;
    final JdbcTemplate jdbc;
    /** The checkpoint lines the witness received, with their tokens. */
    final List<String> witnessed = new ArrayList<>();
    private final Instant start = Instant.parse("2026-12-01T01:00:00Z");
    private final HttpClient http = HttpClient.newHttpClient();

    ForgeableChain(String suite) {
        this(suite, "latest");
    }

    /** A chain in a database migrated up to {@code version} only (an older release's schema). */
    ForgeableChain(String suite, String version) {
        this.suite = CryptoSuite.of(suite);
        this.keys = this.suite.newKeyPair();
        this.database = H2Files.migrate(H2Files.inMemory("forgeable"), version);
        this.jdbc = new JdbcTemplate(database);
    }

    /** Appends {@code count} delivery events with a checkpoint every {@code every}, time-stamped when a TSA is given. */
    ForgeableChain append(int count, int every, TestTimeStampAuthority authority) throws Exception {
        String previous = ChainFormat.GENESIS;
        for (long seq = 1; seq <= count; seq++) {
            Instant at = start.plusSeconds(seq);
            AuditEvent event = new AuditEvent(seq, at, "hub", "DELIVERED", "00000000-0000-4000-8000-%012d".formatted(seq),
                    "death-certificate-value", 3, "health", "civil-affairs", "death-to-civil-affairs", "停发低保",
                    "《社会救助暂行办法》第十三条", Map.of("deceasedName", "MASKED"), Map.of(), "OK", null, previous, null);
            String hash = ChainFormat.chainHash(suite, previous, event.canonicalJson());
            jdbc.update("""
                    INSERT INTO audit_event (seq, at, actor, action, record_id, subject, schema_id, source_department,
                        target_department, subscription_id, purpose, legal_basis, fields, subject_indexes, outcome,
                        detail, prev_hash, hash) VALUES (?, ?, 'hub', 'DELIVERED', ?, 'death-certificate-value', 3,
                        'health', 'civil-affairs', 'death-to-civil-affairs', '停发低保', '《社会救助暂行办法》第十三条',
                        '{"deceasedName":"MASKED"}', '{}', 'OK', NULL, ?, ?)""", seq, Timestamp.from(at),
                    event.recordId(), previous, hash);
            if (seq % every == 0) {
                checkpoint(new Checkpoint(seq, hash, at, "audit-signing-test", Base64.getEncoder().encodeToString(
                        suite.sign(keys.getPrivate(), ChainFormat.checkpointMessage(seq, hash, at)))), authority);
            }
            previous = hash;
        }
        jdbc.update("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1", count, previous);
        return this;
    }

    private void checkpoint(Checkpoint checkpoint, TestTimeStampAuthority authority) throws Exception {
        jdbc.update("INSERT INTO audit_checkpoint (seq, hash, at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                checkpoint.seq(), checkpoint.hash(), Timestamp.from(checkpoint.at()), checkpoint.keyId(),
                checkpoint.signature());
        if (authority != null) {
            TimeStampRequest request = TimeStampTokens.request(suite, checkpoint, java.math.BigInteger.TEN);
            byte[] reply = http.send(HttpRequest.newBuilder(URI.create(authority.url()))
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray()).body();
            String token = Base64.getEncoder().encodeToString(TimeStampTokens.tokenOf(request, reply));
            jdbc.update("INSERT INTO audit_timestamp (seq, token, gen_time, authority) VALUES (?, ?, ?, ?)",
                    checkpoint.seq(), token, Timestamp.from(Instant.now()), "CN=Test");
            checkpoint = checkpoint.withTimestampToken(token);
        }
        witnessed.add(AuditBundle.checkpointLine(checkpoint));
    }

    String publicKeyPem() {
        return PemKeys.publicKeyPem(keys.getPublic());
    }

    BundleWriter.Signer signer() {
        return new BundleWriter.Signer(suite, keys.getPublic(), data -> suite.sign(keys.getPrivate(), data));
    }

    /** The whole chain as a bundle, as the hub exports it. */
    byte[] bundle() throws IOException {
        long head = jdbc.queryForObject("SELECT seq FROM audit_head WHERE id = 1", Long.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(out, "node-1", 1, head, head,
                jdbc.query("SELECT * FROM audit_event ORDER BY seq", AuditVerifier.EVENT), jdbc.query(AuditVerifier.CHECKPOINTS_WITH_TOKENS + " ORDER BY c.seq", AuditVerifier.ANCHORED_CHECKPOINT),
                Instant.now(), signer());
        return out.toByteArray();
    }

    /** Cuts the chain after {@code keep}, drops the checkpoints and tokens past the cut and rewinds the head. */
    void truncateConsistently(long keep) {
        jdbc.update("DELETE FROM audit_event WHERE seq > ?", keep);
        jdbc.update("DELETE FROM audit_timestamp WHERE seq > ?", keep);
        jdbc.update("DELETE FROM audit_checkpoint WHERE seq > ?", keep);
        jdbc.update("UPDATE audit_head SET seq = ?, hash = (SELECT hash FROM audit_event WHERE seq = ?) WHERE id = 1",
                keep, keep);
    }

    /** Changes event {@code seq}'s target, recomputes every hash after it and drops the checkpoints from it on. */
    void rechainUnsigned(long seq) {
        jdbc.update("UPDATE audit_event SET target_department = 'police' WHERE seq = ?", seq);
        List<AuditEvent> events = jdbc.query("SELECT * FROM audit_event WHERE seq >= ? ORDER BY seq",
                AuditVerifier.EVENT, seq);
        String previous = events.get(0).prevHash();
        for (AuditEvent event : events) {
            String hash = ChainFormat.chainHash(suite, previous, event.canonicalJson());
            jdbc.update("UPDATE audit_event SET prev_hash = ?, hash = ? WHERE seq = ?", previous, hash, event.seq());
            previous = hash;
        }
        jdbc.update("DELETE FROM audit_timestamp WHERE seq >= ?", seq);
        jdbc.update("DELETE FROM audit_checkpoint WHERE seq >= ?", seq);
        jdbc.update("UPDATE audit_head SET hash = ? WHERE id = 1", previous);
    }

    static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), UTF_8));
            }
        }
        return files;
    }

    static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(UTF_8));
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
