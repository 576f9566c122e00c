package org.exchangehub.audit;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.exchangehub.protect.CryptoSuite;

/**
 * Verifies an audit chain from its events, checkpoints and the audit public key alone — no database, no hub.
 * Events must come in storage order. Reports the first bad seq and what is wrong with it: MODIFIED (the hash
 * does not match the content), DELETED (a seq is missing), INSERTED or REORDERED (the event does not link to its
 * predecessor, or a seq comes twice or backwards), TRUNCATED (the chain ends before a checkpoint or the expected
 * head), BAD_SIGNATURE (a checkpoint's signature does not verify) or CHECKPOINT_MISMATCH (a checkpoint signs
 * another hash than the chain has at its seq); time-stamp tokens and an external record are checked by
 * {@link AnchorChecks} (BAD_TIMESTAMP, BAD_ANCHOR, CHECKPOINT_MISSING, ANCHOR_MISMATCH, TRUNCATED).
 */
public final class ChainVerifier {

    /**
     * The verdict: {@code ok}, or the first bad seq and the problem; for a chain that verifies, how far it is covered
     * by signatures and external anchors. A verdict over the chains of several nodes ({@link #ofChains}) holds each
     * node's verdict in {@code chains}; its own members are the one chain's when there is one, else the sums (and no
     * coverage) when all verify, or the first failing chain's, {@code node} naming it.
     *
     * @param node   the hub node whose chain this is about; null for a chain that names no node
     * @param chains the verdict of each node's chain, by node; null for one chain verified alone
     */
    public record Verdict(boolean ok, long events, long checkpoints, Long firstBadSeq, String problem, String detail,
            Coverage coverage, String node, List<Verdict> chains) {

        static Verdict good(long events, long checkpoints, Coverage coverage) {
            return new Verdict(true, events, checkpoints, null, null, "chain of " + events + " events and "
                    + checkpoints + " signed checkpoints verifies; " + coverage.describe(), coverage, null, null);
        }

        public static Verdict bad(long events, long checkpoints, long seq, String problem, String detail) {
            return new Verdict(false, events, checkpoints, seq, problem, detail, null, null, null);
        }

        /** A problem with no seq of its own (a bundle's files, its manifest). */
        public static Verdict bad(String problem, String detail) {
            return new Verdict(false, 0, 0, null, problem, detail, null, null, null);
        }

        /** This verdict as one about a node's chain. */
        public Verdict of(String chainNode) {
            return new Verdict(ok, events, checkpoints, firstBadSeq, problem, detail, coverage, chainNode, chains);
        }

        /** The verdict over the chains of several nodes, each given with its node ({@link #of}), in node order. */
        public static Verdict ofChains(List<Verdict> chains) {
            if (chains.isEmpty()) {
                return new Verdict(true, 0, 0, null, null, "no audit events yet", null, null, List.of());
            }
            Verdict failed = chains.stream().filter(chain -> !chain.ok()).findFirst().orElse(null);
            if (chains.size() == 1 || failed != null) {
                Verdict first = failed == null ? chains.get(0) : failed;
                return new Verdict(first.ok, first.events, first.checkpoints, first.firstBadSeq, first.problem,
                        (chains.size() == 1 ? "" : "chain of " + first.node + ": ") + first.detail, first.coverage,
                        first.node, List.copyOf(chains));
            }
            long events = chains.stream().mapToLong(Verdict::events).sum();
            long checkpoints = chains.stream().mapToLong(Verdict::checkpoints).sum();
            StringBuilder detail = new StringBuilder(chains.size() + " chains verify");
            chains.forEach(chain -> detail.append("; ").append(chain.node).append(": ").append(chain.detail));
            return new Verdict(true, events, checkpoints, null, null, detail.toString(), null, null,
                    List.copyOf(chains));
        }
    }

    /**
     * How far a verified chain is anchored: its last seq, the newest signed checkpoint, the newest checkpoint with a
     * valid time-stamp token (from the chain's own checkpoints or the external record), and how many checkpoints of
     * the external record matched. Events after {@code signedSeq} are covered only by the chain's head; events after
     * {@code stampedSeq} by nothing outside the hub.
     */
    public record Coverage(long lastSeq, Long signedSeq, Instant signedAt, Long stampedSeq, Instant stampedAt,
            int witnessed) {

        /** Events after the newest signed checkpoint. */
        public long unsigned() {
            return signedSeq == null ? lastSeq : lastSeq - signedSeq;
        }

        /** Events after the newest external time-stamp. */
        public long unstamped() {
            return stampedSeq == null ? lastSeq : lastSeq - stampedSeq;
        }

        String describe() {
            return (signedSeq == null ? "no signed checkpoint" : "newest signed checkpoint at seq " + signedSeq)
                    + (unsigned() > 0 ? ", " + unsigned() + " events after it not yet signed" : "")
                    + "; " + (stampedSeq == null ? "no time-stamped checkpoint"
                            : "newest time-stamp at seq " + stampedSeq + " (" + AuditEvent.TIME.format(stampedAt) + ")")
                    + (witnessed > 0 ? "; " + witnessed + " checkpoints of the external record match" : "");
        }
    }

    /**
     * What vouches for the chain from outside it: the checkpoints a witness kept (each signed by the audit key, some
     * time-stamped), the head the chain claimed and when ({@code headSeq} / {@code headAt}: a witnessed checkpoint
     * past that head and no later than that time means events were cut from the end), and the time-stamping
     * authority's certificate to pin, if any.
     */
    public record Anchors(List<Checkpoint> record, long headSeq, Instant headAt, X509Certificate trustedAuthority) {

        /** Nothing from outside: only the chain's own checkpoints and their time-stamp tokens. */
        public static final Anchors NONE = new Anchors(List.of(), 0, Instant.MIN, null);
    }

    /** Events hashed together on one thread. */
    private static final int CHUNK = 2048;

    private ChainVerifier() {
    }

    private static Verdict modified(long count, int checkpoints, long seq) {
        return Verdict.bad(count, checkpoints, seq, "MODIFIED", "the content of event " + seq
                + " does not match its hash");
    }

    /**
     * @param events          the chain in storage order
     * @param checkpoints     the checkpoints
     * @param key             the audit public key
     * @param suite           the suite the chain was written with (SM3/SM2 or SHA-256/ECDSA)
     * @param firstSeq        seq the chain is expected to start at (1, or the first seq of an exported range)
     * @param firstPrevHash   prevHash expected of the first event (64 zeros for seq 1)
     * @param expectedLastSeq seq the chain should reach (the stored head, or a manifest's count); -1 when unknown
     */
    public static Verdict verify(Iterator<AuditEvent> events, List<Checkpoint> checkpoints, PublicKey key,
            CryptoSuite suite, long firstSeq, String firstPrevHash, long expectedLastSeq) {
        return verify(events, checkpoints, key, suite, firstSeq, firstPrevHash, expectedLastSeq, Anchors.NONE);
    }

    /** As above, also checking the chain against what vouches for it from outside. */
    public static Verdict verify(Iterator<AuditEvent> events, List<Checkpoint> checkpoints, PublicKey key,
            CryptoSuite suite, long firstSeq, String firstPrevHash, long expectedLastSeq, Anchors anchors) {
        long expected = firstSeq;
        String previous = firstPrevHash == null ? ChainFormat.GENESIS : firstPrevHash;
        long count = 0;
        Set<Long> signed = new HashSet<>();
        checkpoints.forEach(checkpoint -> signed.add(checkpoint.seq()));
        anchors.record().forEach(checkpoint -> signed.add(checkpoint.seq()));
        Map<Long, String> hashes = new HashMap<>();
        // the order and links are checked here, in storage order; recomputing each event's hash (the costly part:
        // canonical JSON and the digest) depends only on the event and its stored prevHash, so chunks of events are
        // hashed on other threads while the next ones are read. The first bad seq is reported either way.
        ChainHashChecks checks = new ChainHashChecks(suite);
        try {
            List<AuditEvent> chunk = new ArrayList<>(CHUNK);
            while (events.hasNext()) {
                AuditEvent event = events.next();
                count++;
                Verdict order = null;
                if (event.seq() > expected) {
                    order = Verdict.bad(count, checkpoints.size(), expected, "DELETED",
                            "events " + expected + " to " + (event.seq() - 1) + " are missing");
                } else if (event.seq() < expected) {
                    order = Verdict.bad(count, checkpoints.size(), expected, "INSERTED_OR_REORDERED",
                            "seq " + event.seq() + " appears again where " + expected + " was expected");
                } else if (!event.prevHash().equals(previous)) {
                    order = Verdict.bad(count, checkpoints.size(), event.seq(), "INSERTED_OR_REORDERED",
                            "event " + event.seq() + " does not link to the event before it");
                }
                if (order != null) {
                    checks.submit(chunk);
                    Long modified = checks.firstMismatch();
                    return modified == null ? order : modified(count, checkpoints.size(), modified);
                }
                chunk.add(event);
                if (chunk.size() == CHUNK) {
                    checks.submit(chunk);
                    chunk = new ArrayList<>(CHUNK);
                    Long modified = checks.mismatchSoFar();
                    if (modified != null) {
                        return modified(count, checkpoints.size(), modified);
                    }
                }
                if (signed.contains(event.seq())) {
                    hashes.put(event.seq(), event.hash());
                }
                previous = event.hash();
                expected++;
            }
            checks.submit(chunk);
            Long modified = checks.firstMismatch();
            if (modified != null) {
                return modified(count, checkpoints.size(), modified);
            }
        } finally {
            checks.close();
        }
        long last = expected - 1;
        Checkpoint newestSigned = null;
        for (Checkpoint checkpoint : checkpoints) {
            byte[] signature = Base64.getDecoder().decode(checkpoint.signature());
            if (!suite.verify(key, checkpoint.message(), signature)) {
                return Verdict.bad(count, checkpoints.size(), checkpoint.seq(), "BAD_SIGNATURE",
                        "the signature of the checkpoint at seq " + checkpoint.seq() + " does not verify with this key");
            }
            if (checkpoint.seq() > last && checkpoint.seq() >= firstSeq) {
                return Verdict.bad(count, checkpoints.size(), last + 1, "TRUNCATED",
                        "a checkpoint signs seq " + checkpoint.seq() + " but the chain ends at " + last);
            }
            String hash = hashes.get(checkpoint.seq());
            if (hash != null && !hash.equals(checkpoint.hash())) {
                return Verdict.bad(count, checkpoints.size(), checkpoint.seq(), "CHECKPOINT_MISMATCH",
                        "the checkpoint at seq " + checkpoint.seq() + " signs another hash than the chain has");
            }
            if (hash != null && (newestSigned == null || checkpoint.seq() > newestSigned.seq())) {
                newestSigned = checkpoint;
            }
        }
        if (expectedLastSeq > last) {
            return Verdict.bad(count, checkpoints.size(), last + 1, "TRUNCATED",
                    "the chain should reach seq " + expectedLastSeq + " but ends at " + last);
        }
        AnchorChecks anchorChecks = new AnchorChecks(key, suite, anchors, firstSeq, last, hashes, checkpoints);
        Verdict anchored = anchorChecks.check(count);
        return anchored != null ? anchored : Verdict.good(count, checkpoints.size(), new Coverage(last,
                newestSigned == null ? null : newestSigned.seq(), newestSigned == null ? null : newestSigned.at(),
                anchorChecks.stampedSeq(), anchorChecks.stampedAt(), anchorChecks.witnessed()));
    }
}
