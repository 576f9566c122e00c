package org.exchangehub.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The in-memory multimap of token hashes to log positions. */
class TokenPositionsTests {

    @Test
    void everyPositionAddedUnderAHashIsFoundAgainAcrossGrowth() {
        TokenPositions positions = new TokenPositions();
        for (long position = 1; position <= 100_000; position++) {
            positions.add(TokenPositions.hash("bi1.person-" + position % 40_000), position);
        }
        assertThat(positions.size()).isEqualTo(100_000);
        assertThat(found(positions, "bi1.person-7")).containsExactlyInAnyOrder(7L, 40_007L, 80_007L);
        assertThat(found(positions, "bi1.person-0")).containsExactlyInAnyOrder(40_000L, 80_000L);
        assertThat(found(positions, "bi1.nobody")).isEmpty();
    }

    @Test
    void tokensSharingAHashAreAllReturnedAsCandidates() {
        TokenPositions positions = new TokenPositions();
        positions.add(42L, 1);
        positions.add(42L, 2);
        positions.add(42L + 1024, 3);
        List<Long> found = new ArrayList<>();
        positions.forEach(42L, found::add);
        assertThat(found).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void logPositionsStartAtOne() {
        assertThatThrownBy(() -> new TokenPositions().add(1L, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHashSpreadsTokensThatDifferInOneCharacter() {
        assertThat(TokenPositions.hash("bi1.aaaa")).isNotEqualTo(TokenPositions.hash("bi1.aaab"));
        assertThat(TokenPositions.hash("bi1.aaaa") & 1023).isNotEqualTo(TokenPositions.hash("bi1.aaab") & 1023);
    }

    private static List<Long> found(TokenPositions positions, String token) {
        List<Long> found = new ArrayList<>();
        positions.forEach(TokenPositions.hash(token), found::add);
        return found;
    }
}
