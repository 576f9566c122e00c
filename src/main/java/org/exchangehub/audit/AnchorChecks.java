package org.exchangehub.audit;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.exchangehub.protect.CryptoSuite;

/**
 * Checks what anchors a verified chain outside the hub (plain Java): every time-stamp token of the chain's own
 * checkpoints, and every checkpoint of an external record (what a witness received): signed by the audit key
 * (else BAD_ANCHOR), its token valid (else BAD_TIMESTAMP), still among the chain's checkpoints (else
 * CHECKPOINT_MISSING), signing the hash the chain has at its seq (else ANCHOR_MISMATCH), and not past the end of a
 * chain that claimed to end after it was made (else TRUNCATED). Reports the newest valid time-stamp.
 */
final class AnchorChecks {

    private final PublicKey key;
    private final CryptoSuite suite;
    private final ChainVerifier.Anchors anchors;
    private final long firstSeq;
    private final long lastSeq;
    private final Map<Long, String> hashes;
    private final List<Checkpoint> checkpoints;
    private Long stampedSeq;
    private Instant stampedAt;
    private int witnessed;

    /**
     * @param hashes the chain's hash at every seq of its checkpoints and of the external record, as verified
     */
    AnchorChecks(PublicKey key, CryptoSuite suite, ChainVerifier.Anchors anchors, long firstSeq, long lastSeq,
            Map<Long, String> hashes, List<Checkpoint> checkpoints) {
        this.key = key;
        this.suite = suite;
        this.anchors = anchors;
        this.firstSeq = firstSeq;
        this.lastSeq = lastSeq;
        this.hashes = hashes;
        this.checkpoints = checkpoints;
    }

    /** The first problem, or null when every anchor holds. */
    ChainVerifier.Verdict check(long events) {
        for (Checkpoint checkpoint : checkpoints) {
            if (checkpoint.timestampToken() != null && hashes.containsKey(checkpoint.seq())) {
                ChainVerifier.Verdict stamp = stamp(checkpoint, events, "the checkpoint");
                if (stamp != null) {
                    return stamp;
                }
            }
        }
        Set<Long> present = checkpoints.stream().map(Checkpoint::seq).collect(Collectors.toSet());
        for (Checkpoint anchor : anchors.record().stream().sorted(Comparator.comparingLong(Checkpoint::seq)).toList()) {
            ChainVerifier.Verdict problem = witnessed(anchor, present, events);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private ChainVerifier.Verdict witnessed(Checkpoint anchor, Set<Long> present, long events) {
        if (!signedByKey(anchor)) {
            return bad(events, anchor.seq(), "BAD_ANCHOR", "the external record's checkpoint at seq " + anchor.seq()
                    + " is not signed by this audit key");
        }
        if (anchor.seq() < firstSeq || (anchor.seq() > lastSeq && anchor.seq() <= anchors.headSeq())) {
            return null; // outside what this chain holds: archived before it, or exported after its range
        }
        if (anchor.seq() > lastSeq) {
            if (anchor.at().isAfter(anchors.headAt())) {
                return null;
            }
            Checkpoint newest = anchors.record().stream().filter(c -> !c.at().isAfter(anchors.headAt()))
                    .max(Comparator.comparingLong(Checkpoint::seq)).orElse(anchor);
            return bad(events, lastSeq + 1, "TRUNCATED", "the external record holds checkpoints up to seq "
                    + newest.seq() + " (signed " + AuditEvent.TIME.format(newest.at()) + "), but the chain ends at seq "
                    + lastSeq + ": events " + (lastSeq + 1) + " to " + newest.seq() + " are missing");
        }
        boolean sameHash = anchor.hash().equals(hashes.get(anchor.seq()));
        if (!present.contains(anchor.seq())) {
            return bad(events, anchor.seq(), "CHECKPOINT_MISSING", "the signed checkpoint at seq " + anchor.seq()
                    + " that the external record holds is missing from the chain's checkpoints"
                    + (sameHash ? "" : ", and the chain's event at that seq is not the one it signed"));
        }
        if (!sameHash) {
            return bad(events, anchor.seq(), "ANCHOR_MISMATCH", "the external record's checkpoint at seq "
                    + anchor.seq() + " signs another hash than the chain has there");
        }
        witnessed++;
        return anchor.timestampToken() == null ? null : stamp(anchor, events, "the external record's checkpoint");
    }

    private boolean signedByKey(Checkpoint anchor) {
        try {
            return suite.verify(key, anchor.message(), Base64.getDecoder().decode(anchor.signature()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private ChainVerifier.Verdict stamp(Checkpoint checkpoint, long events, String whose) {
        TimeStampTokens.Check check = TimeStampTokens.verify(checkpoint.timestampToken(), checkpoint, suite,
                anchors.trustedAuthority());
        if (!check.ok()) {
            return bad(events, checkpoint.seq(), "BAD_TIMESTAMP", "the time-stamp token of " + whose + " at seq "
                    + checkpoint.seq() + " does not hold: " + check.problem());
        }
        if (stampedSeq == null || checkpoint.seq() > stampedSeq) {
            stampedSeq = checkpoint.seq();
            stampedAt = check.genTime();
        }
        return null;
    }

    private ChainVerifier.Verdict bad(long events, long seq, String problem, String detail) {
        return ChainVerifier.Verdict.bad(events, checkpoints.size(), seq, problem, detail);
    }

    Long stampedSeq() {
        return stampedSeq;
    }

    Instant stampedAt() {
        return stampedAt;
    }

    int witnessed() {
        return witnessed;
    }
}
