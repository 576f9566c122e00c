package org.exchangehub.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.exchange.SubscriptionRevision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code config/subscriptions.yaml} across restarts on one database: an entry is created when first seen, left alone
 * while unchanged, re-applied as a new version when it changes, and removed when it leaves the file; a bad entry stops
 * the start naming its key.
 */
class SubscriptionSeedingTests {

    @TempDir
    Path dataDir;

    @Test
    void fileEntriesAreCreatedReappliedWhenChangedAndRemovedWhenGone() {
        try (ConfigurableApplicationContext hub = start(entry(0, "seed-to-grid", "grid", "网格员上门处置"),
                entry(1, "seed-to-police", "police", "警情研判"))) {
            Subscriptions subscriptions = hub.getBean(Subscriptions.class);
            assertThat(changes(subscriptions, "seed-to-grid")).containsExactly("1:CREATED");
            assertThat(changes(subscriptions, "seed-to-police")).containsExactly("1:CREATED");
            assertThat(subscriptions.versioned("seed-to-grid").orElseThrow().origin()).isEqualTo("CONFIG");
        }
        try (ConfigurableApplicationContext hub = start(entry(0, "seed-to-grid", "grid", "网格员上门处置"),
                entry(1, "seed-to-police", "police", "警情研判"))) {
            assertThat(changes(hub.getBean(Subscriptions.class), "seed-to-grid")).as("unchanged: no new version")
                    .containsExactly("1:CREATED");
        }
        try (ConfigurableApplicationContext hub = start(entry(0, "seed-to-grid", "grid", "网格员上门核实"))) {
            Subscriptions subscriptions = hub.getBean(Subscriptions.class);
            assertThat(changes(subscriptions, "seed-to-grid")).containsExactly("1:CREATED", "2:REPLACED");
            assertThat(subscriptions.byId("seed-to-grid").orElseThrow().purpose()).isEqualTo("网格员上门核实");
            assertThat(changes(subscriptions, "seed-to-police")).containsExactly("1:CREATED", "2:REMOVED");
            assertThat(subscriptions.byId("seed-to-police")).as("left the file").isEmpty();
        }
    }

    @Test
    void aBadEntryStopsTheStartNamingItsKey() {
        assertThatThrownBy(() -> start(entry(0, "seed-to-nobody", "no-such-department", "核查")).close())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("config/subscriptions.yaml: hub.subscriptions[0] (seed-to-nobody)")
                .hasMessageContaining("no-such-department");
    }

    private static List<String> changes(Subscriptions subscriptions, String id) {
        return subscriptions.history(id).stream().map((SubscriptionRevision r) -> r.version() + ":" + r.change()).toList();
    }

    private static List<String> entry(int index, String id, String subscriber, String purpose) {
        String prefix = "--hub.subscriptions[" + index + "].";
        return List.of(prefix + "id=" + id, prefix + "subscriber=" + subscriber, prefix + "record-type=work-order",
                prefix + "purpose=" + purpose, prefix + "legal-basis=《测试条例》第一条", prefix + "channel.type=FEED");
    }

    @SafeVarargs
    private ConfigurableApplicationContext start(List<String>... entries) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--spring.profiles.active=test",
                "--hub.data-dir=" + dataDir, "--spring.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath()
                        + "/db/hub"));
        for (List<String> entry : entries) {
            args.addAll(entry);
        }
        return new SpringApplicationBuilder(ExchangeHubApplication.class).run(args.toArray(String[]::new));
    }
}
