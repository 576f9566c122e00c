package org.exchangehub.audit;

import java.security.PublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.exchangehub.protect.CryptoSuite;

/**
 * Verifies an audit chain from its events, checkpoints and the audit public key alone — no database, no hub.
 * Events must come in storage order. Reports the first bad seq and what is wrong with it: MODIFIED (the hash
 * does not match the content), DELETED (a seq is missing), INSERTED or REORDERED (the event does not link to its
 * predecessor, or a seq comes twice or backwards), TRUNCATED (the chain ends before a checkpoint or the expected
 * head), BAD_SIGNATURE (a checkpoint's signature does not verify) or CHECKPOINT_MISMATCH (a checkpoint signs
 * another hash than the chain has at its seq).
 */
public final class ChainVerifier {

    /** The verdict: {@code ok}, or the first bad seq and the problem. */
    public record Verdict(boolean ok, long events, long checkpoints, Long firstBadSeq, String problem, String detail) {

        static Verdict good(long events, long checkpoints) {
            return new Verdict(true, events, checkpoints, null, null, "chain of " + events + " events and "
                    + checkpoints + " signed checkpoints verifies");
        }

        public static Verdict bad(long events, long checkpoints, long seq, String problem, String detail) {
            return new Verdict(false, events, checkpoints, seq, problem, detail);
        }
    }

    private ChainVerifier() {
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
        long expected = firstSeq;
        String previous = firstPrevHash == null ? ChainFormat.GENESIS : firstPrevHash;
        long count = 0;
        Map<Long, String> hashes = new HashMap<>();
        while (events.hasNext()) {
            AuditEvent event = events.next();
            count++;
            if (event.seq() > expected) {
                return Verdict.bad(count, checkpoints.size(), expected, "DELETED",
                        "events " + expected + " to " + (event.seq() - 1) + " are missing");
            }
            if (event.seq() < expected) {
                return Verdict.bad(count, checkpoints.size(), expected, "INSERTED_OR_REORDERED",
                        "seq " + event.seq() + " appears again where " + expected + " was expected");
            }
            if (!event.prevHash().equals(previous)) {
                return Verdict.bad(count, checkpoints.size(), event.seq(), "INSERTED_OR_REORDERED",
                        "event " + event.seq() + " does not link to the event before it");
            }
            if (!ChainFormat.chainHash(suite, previous, event.canonicalJson()).equals(event.hash())) {
                return Verdict.bad(count, checkpoints.size(), event.seq(), "MODIFIED",
                        "the content of event " + event.seq() + " does not match its hash");
            }
            hashes.put(event.seq(), event.hash());
            previous = event.hash();
            expected++;
        }
        long last = expected - 1;
        for (Checkpoint checkpoint : checkpoints) {
            byte[] signature = Base64.getDecoder().decode(checkpoint.signature());
            if (!suite.verify(key, ChainFormat.checkpointMessage(checkpoint.seq(), checkpoint.hash(), checkpoint.at()),
                    signature)) {
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
        }
        if (expectedLastSeq > last) {
            return Verdict.bad(count, checkpoints.size(), last + 1, "TRUNCATED",
                    "the chain should reach seq " + expectedLastSeq + " but ends at " + last);
        }
        return Verdict.good(count, checkpoints.size());
    }
}
