package org.exchangehub.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.exchangehub.protect.ProtectionFixtures.DEATH;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.avro.generic.GenericRecord;
import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.schema.RecordCodec;
import org.exchangehub.schema.SchemaRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/** Keys across restarts of a hub on an H2 file database and a keystore file. */
class KeyLifecycleTests {

    @TempDir
    Path dataDir;

    final List<KeyEvent> events = new ArrayList<>();

    @Test
    void recordsEncryptedBeforeARestartDecryptAfterItAndAfterMasterKeyRotation() {
        byte[] stored;
        try (ConfigurableApplicationContext hub = start("test", "")) {
            stored = hub.getBean(RecordCodec.class).encode(protect(hub));
        }
        assertThat(Files.exists(dataDir.resolve("keys/hub-keys.bcfks"))).isTrue();

        String rotated;
        try (ConfigurableApplicationContext hub = start("test", "")) {
            assertThat(reveal(hub, stored).get("deceasedName")).isEqualTo("陈𠇔");
            KeyManagement keys = hub.getBean(KeyManagement.class);
            rotated = keys.rotateMasterKey();
            assertThat(rotated).isEqualTo("kek-sm-0002");
            assertThat(reveal(hub, stored).get("causeDirect")).isEqualTo("急性心肌梗死");
        }
        try (ConfigurableApplicationContext hub = start("test", "")) {
            assertThat(reveal(hub, stored).get("deceasedIdNumber")).isEqualTo("33010519390615002X");
            KeyManagement keys = hub.getBean(KeyManagement.class);
            assertThat(keys.masterKeys()).extracting(KeyManagement.MasterKeyInfo::id)
                    .containsExactly("kek-sm-0001", "kek-sm-0002");
            assertThatThrownBy(() -> keys.retireMasterKey(rotated)).isInstanceOf(IllegalStateException.class);
            keys.retireMasterKey("kek-sm-0001");
        }
        try (ConfigurableApplicationContext hub = start("test", "")) {
            assertThat(reveal(hub, stored).get("icd10")).isEqualTo("I21.9");
            assertThat(hub.getBean(KeyManagement.class).masterKeys()).singleElement()
                    .satisfies(key -> assertThat(key.current()).isTrue());
        }
        assertThat(events).extracting(KeyEvent::action)
                .contains("KEY_CREATED", "KEY_ROTATED", "KEY_RETIRED");
        assertThat(events).filteredOn(e -> e.action().equals("KEY_ROTATED")).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains("kek-sm-0001").contains("data keys rewrapped"));
        assertThat(events).allSatisfy(e -> assertThat(e.detail()).doesNotContain("陈"));
    }

    @Test
    void wrongKeystorePasswordStopsStartup() {
        start("prod", "first-password").close();

        assertThatThrownBy(() -> start("prod", "second-password").close()).rootCause()
                .hasMessageContaining("hub.protect.keystore-password").hasMessageContaining("wrong password");
    }

    @Test
    void developmentPasswordIsRefusedOutsideDemoAndTest() {
        assertThatThrownBy(() -> start("prod", "").close()).rootCause()
                .hasMessageContaining("hub.protect.keystore-password").hasMessageContaining("demo or test");
        assertThat(Files.exists(dataDir.resolve("keys/hub-keys.bcfks"))).isFalse();
    }

    private GenericRecord protect(ConfigurableApplicationContext hub) {
        var schema = hub.getBean(SchemaRegistry.class).latest(DEATH).schema();
        return hub.getBean(RecordProtection.class).protect(ProtectionFixtures.deathCertificate(schema), DEATH).record();
    }

    private static GenericRecord reveal(ConfigurableApplicationContext hub, byte[] stored) {
        return hub.getBean(RecordProtection.class).reveal(hub.getBean(RecordCodec.class).decode(stored), DEATH);
    }

    private ConfigurableApplicationContext start(String profile, String password) {
        ApplicationListener<PayloadApplicationEvent<KeyEvent>> recorder = event -> events.add(event.getPayload());
        return new SpringApplicationBuilder(ExchangeHubApplication.class).listeners(recorder).run(
                "--server.port=0",
                "--spring.profiles.active=" + profile,
                "--hub.data-dir=" + dataDir,
                "--hub.protect.keystore-password=" + password,
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath() + "/db/hub");
    }
}
