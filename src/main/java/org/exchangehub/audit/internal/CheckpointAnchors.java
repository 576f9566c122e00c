package org.exchangehub.audit.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.bouncycastle.tsp.TimeStampRequest;
import org.exchangehub.audit.AuditBundle;
import org.exchangehub.audit.Checkpoint;
import org.exchangehub.audit.TimeStampTokens;
import org.exchangehub.protect.AuditSigningKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import jakarta.annotation.PreDestroy;

/**
 * Anchors signed checkpoints outside the hub, once each is committed, on one background thread in checkpoint order:
 * an RFC 3161 time-stamping authority ({@code hub.audit.tsa-url}) time-stamps the checkpoint's message and the token
 * is kept in {@code audit_timestamp}; then the checkpoint, with its token, is POSTed to the witness
 * ({@code hub.audit.witness-url}) as one line of {@code checkpoints.ndjson}. Both are best effort: a failure is
 * logged in one line and the next checkpoint, which covers everything before it, is anchored as usual; what is
 * not yet anchored shows on the auditor's page.
 */
@Component
public class CheckpointAnchors {

    private static final Logger log = LoggerFactory.getLogger(CheckpointAnchors.class);
    private static final SecureRandom NONCES = new SecureRandom();

    private final JdbcClient jdbc;
    private final AuditSigningKey signingKey;
    private final AuditProperties properties;
    private final X509Certificate trustedAuthority;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "audit-anchor");
        thread.setDaemon(true);
        return thread;
    });

    CheckpointAnchors(JdbcClient jdbc, AuditSigningKey signingKey, AuditProperties properties) {
        this.jdbc = jdbc;
        this.signingKey = signingKey;
        this.properties = properties;
        this.trustedAuthority = properties.tsaCertificate() == null ? null
                : certificate(properties.tsaCertificate());
    }

    private static X509Certificate certificate(Path file) {
        try {
            return TimeStampTokens.certificate(Files.readAllBytes(file));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("hub.audit.tsa-certificate: cannot read " + file + " as an X.509"
                    + " certificate (" + e.getMessage() + ")", e);
        }
    }

    /** The pinned certificate of the time-stamping authority ({@code hub.audit.tsa-certificate}), or null. */
    public X509Certificate trustedAuthority() {
        return trustedAuthority;
    }

    /** True when a time-stamping authority is configured. */
    public boolean timeStamping() {
        return !properties.tsaUrl().isBlank();
    }

    /** True when a witness is configured. */
    public boolean witnessing() {
        return !properties.witnessUrl().isBlank();
    }

    @TransactionalEventListener(fallbackExecution = true)
    void committed(Checkpoint checkpoint) {
        if (timeStamping() || witnessing()) {
            worker.execute(() -> witness(stamp(checkpoint)));
        }
    }

    /**
     * The checkpoint with its time-stamp token: the one kept, or a new one from the authority (kept before it is
     * returned); without a token when no authority is configured or it failed.
     */
    public synchronized Checkpoint stamp(Checkpoint checkpoint) {
        if (!timeStamping()) {
            return checkpoint;
        }
        var kept = jdbc.sql("SELECT token FROM audit_timestamp WHERE node_id = ? AND seq = ?")
                .params(checkpoint.chain(), checkpoint.seq()).query(String.class).optional();
        if (kept.isPresent()) {
            return checkpoint.withTimestampToken(kept.get());
        }
        try {
            TimeStampRequest request = TimeStampTokens.request(signingKey.suite(), checkpoint,
                    new BigInteger(64, NONCES));
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(properties.tsaUrl()))
                    .timeout(properties.tsaTimeout()).header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                log.warn("Time-stamping authority answered HTTP {} for checkpoint {}", response.statusCode(),
                        checkpoint.seq());
                return checkpoint;
            }
            String token = Base64.getEncoder().encodeToString(TimeStampTokens.tokenOf(request, response.body()));
            TimeStampTokens.Check check = TimeStampTokens.verify(token, checkpoint, signingKey.suite(),
                    trustedAuthority);
            if (!check.ok()) {
                log.warn("Time-stamp token for checkpoint {} refused: {}", checkpoint.seq(), check.problem());
                return checkpoint;
            }
            jdbc.sql("INSERT INTO audit_timestamp (node_id, seq, token, gen_time, authority) VALUES (?, ?, ?, ?, ?)")
                    .params(checkpoint.chain(), checkpoint.seq(), token, Timestamp.from(check.genTime()),
                            check.authority()).update();
            return checkpoint.withTimestampToken(token);
        } catch (IOException | IllegalArgumentException e) {
            log.warn("Time-stamping authority failed for checkpoint {}: {}", checkpoint.seq(), e.getMessage());
            return checkpoint;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return checkpoint;
        }
    }

    private void witness(Checkpoint checkpoint) {
        if (!witnessing()) {
            return;
        }
        try {
            int status = http.send(HttpRequest.newBuilder(URI.create(properties.witnessUrl()))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(AuditBundle.checkpointLine(checkpoint))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status / 100 != 2) {
                log.warn("Audit witness answered HTTP {} for checkpoint {}", status, checkpoint.seq());
            }
        } catch (IOException e) {
            log.warn("Audit witness unreachable for checkpoint {}: {}", checkpoint.seq(), e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        worker.shutdownNow();
    }
}
