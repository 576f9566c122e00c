package org.exchangehub.protect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

import org.exchangehub.protect.internal.FieldNonces;
import org.junit.jupiter.api.Test;

/**
 * GCM nonces of field encryption follow NIST SP 800-38D's deterministic construction: a 64-bit random field drawn
 * at start (and again whenever the counter has gone round) and a 32-bit invocation counter. No nonce repeats
 * within a process, however many threads draw them, and separate processes differ in their random field.
 */
class FieldNoncesTests {

    @Test
    void noncesAre12BytesAndNeverRepeatAcrossThreads() {
        FieldNonces nonces = new FieldNonces();
        Set<ByteBuffer> seen = ConcurrentHashMap.newKeySet();

        IntStream.range(0, 4).parallel().forEach(t -> {
            for (int i = 0; i < 100_000; i++) {
                byte[] nonce = nonces.next();
                assertThat(nonce).hasSize(CryptoSuite.NONCE_LENGTH);
                assertThat(seen.add(ByteBuffer.wrap(nonce))).isTrue();
            }
        });

        assertThat(seen).hasSize(400_000);
    }

    @Test
    void theCounterCountsInTheLast4BytesUnderARandomFieldThatIsRenewedWhenTheCounterGoesRound() {
        FieldNonces nonces = new FieldNonces(0xFFFF_FFFEL);
        byte[] first = nonces.next();
        byte[] second = nonces.next();
        byte[] third = nonces.next();

        assertThat(Arrays.copyOf(second, 8)).as("same random field").isEqualTo(Arrays.copyOf(first, 8));
        assertThat(ByteBuffer.wrap(first, 8, 4).getInt()).isEqualTo(0xFFFF_FFFE);
        assertThat(ByteBuffer.wrap(second, 8, 4).getInt()).isEqualTo(0xFFFF_FFFF);
        assertThat(Arrays.copyOf(third, 8)).as("a new random field after 2^32 nonces").isNotEqualTo(Arrays.copyOf(first, 8));
        assertThat(ByteBuffer.wrap(third, 8, 4).getInt()).isZero();
    }

    @Test
    void separateInstancesLikeSeparateProcessesDrawDifferentRandomFields() {
        Set<ByteBuffer> fields = new HashSet<>();
        for (FieldNonces nonces : List.of(new FieldNonces(), new FieldNonces(), new FieldNonces())) {
            fields.add(ByteBuffer.wrap(Arrays.copyOf(nonces.next(), 8)));
        }
        assertThat(fields).hasSize(3);
    }
}
