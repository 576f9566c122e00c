package org.exchangehub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.exchangehub.protect.CryptoSuite;
import org.junit.jupiter.api.Test;

/**
 * The verifier hashes chunks of a long chain on several threads while it reads on: it must still report the first
 * bad seq — whether the first problem is a modified event deep in a chunk or a broken link — exactly as a
 * one-event-at-a-time check would.
 */
class ChainVerifierChunkTests {

    static final CryptoSuite SM = CryptoSuite.of("SM");
    static final int LENGTH = 20_000;

    @Test
    void aLongIntactChainVerifies() {
        ChainVerifier.Verdict verdict = verify(chain());
        assertThat(verdict.ok()).as(verdict.detail()).isTrue();
        assertThat(verdict.events()).isEqualTo(LENGTH);
    }

    @Test
    void aModifiedEventIsFoundAtItsSeqInAnyChunk() {
        for (int seq : new int[] { 1, 2048, 2049, 9_999, LENGTH }) {
            List<AuditEvent> events = chain();
            events.set(seq - 1, modified(events.get(seq - 1)));
            ChainVerifier.Verdict verdict = verify(events);
            assertThat(verdict.firstBadSeq()).as("seq " + seq).isEqualTo(seq);
            assertThat(verdict.problem()).isEqualTo("MODIFIED");
        }
    }

    @Test
    void theEarlierOfAModificationAndABrokenLinkIsReported() {
        List<AuditEvent> events = chain();
        events.set(3_000, modified(events.get(3_000)));
        events.remove(15_000);
        ChainVerifier.Verdict first = verify(events);
        assertThat(first.firstBadSeq()).isEqualTo(3_001);
        assertThat(first.problem()).isEqualTo("MODIFIED");

        List<AuditEvent> linkFirst = chain();
        linkFirst.remove(4_000);
        linkFirst.set(12_000, modified(linkFirst.get(12_000)));
        ChainVerifier.Verdict second = verify(linkFirst);
        assertThat(second.firstBadSeq()).isEqualTo(4_001);
        assertThat(second.problem()).isEqualTo("DELETED");
    }

    private static ChainVerifier.Verdict verify(List<AuditEvent> events) {
        return ChainVerifier.verify(events.iterator(), List.of(), null, SM, 1, null, -1);
    }

    private static AuditEvent modified(AuditEvent event) {
        return new AuditEvent(event.seq(), event.at(), event.actor(), event.action(), event.recordId(),
                event.subject(), event.schemaId(), event.sourceDepartment(), "police", event.subscriptionId(),
                event.purpose(), event.legalBasis(), event.fields(), event.subjectIndexes(), event.outcome(),
                event.detail(), event.prevHash(), event.hash());
    }

    private static List<AuditEvent> chain() {
        List<AuditEvent> events = new ArrayList<>(LENGTH);
        String previous = ChainFormat.GENESIS;
        Instant start = Instant.parse("2026-11-23T00:00:00Z");
        for (long seq = 1; seq <= LENGTH; seq++) {
            AuditEvent event = new AuditEvent(seq, start.plusMillis(seq), "hub", "DELIVERED", "r-" + seq,
                    "death-certificate-value", 3, "health", "civil-affairs", "death-to-civil-affairs", "停发低保",
                    "《社会救助暂行办法》第十三条", Map.of("deceasedName", "MASKED"), Map.of(), "OK", null, previous, null);
            event = event.withHash(ChainFormat.chainHash(SM, previous, event.canonicalJson()));
            events.add(event);
            previous = event.hash();
        }
        return events;
    }
}
