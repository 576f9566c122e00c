package org.exchangehub.exchange.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A batch size the worker cannot use stops the hub at start with a message naming the key. */
class DeliveryPropertiesTests {

    @Test
    void aBatchSizeOutsideOneToTenThousandIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> withBatchSize(0)).hasMessage("hub.delivery.batch-size must be between 1 and 10000,"
                + " was 0");
        assertThatThrownBy(() -> withBatchSize(10_001)).hasMessageContaining("hub.delivery.batch-size");
        assertThat(withBatchSize(1).batchSize()).isEqualTo(1);
        assertThat(withBatchSize(10_000).batchSize()).isEqualTo(10_000);
    }

    private static DeliveryProperties withBatchSize(int batchSize) {
        return new DeliveryProperties(Duration.ofMillis(200), batchSize, 300, Duration.ofSeconds(1),
                Duration.ofMinutes(1), 5, Duration.ofSeconds(30), 4, Duration.ofSeconds(10));
    }
}
