package org.exchangehub.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.exchangehub.ExchangeHubApplication;
import org.exchangehub.protect.internal.DataKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * A node started on a database whose data keys another keystore wrapped — a second node of a cluster started
 * with a keystore of its own — refuses to start, naming the setting and the master key, instead of encrypting new
 * records under keys the other nodes cannot unwrap; with a copy of the first node's keystore it starts.
 */
class KeystoreOfAnotherNodeTests {

    static final Path DIR = Path.of("target/test-keystore-nodes");

    @BeforeEach
    void clean() throws IOException {
        FileSystemUtils.deleteRecursively(DIR);
        Files.createDirectories(DIR);
    }

    @Test
    void aNodeWithAnotherKeystoreRefusesToStartAndOneWithACopyStarts() throws IOException {
        Path first = DIR.resolve("first.bcfks");
        try (ConfigurableApplicationContext hub = start(first)) {
            assertThat(hub.getBean(DataKeys.class).forFingerprint().id()).isNotBlank();
        }

        assertThatThrownBy(() -> start(DIR.resolve("own.bcfks")).close())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("hub.protect.keystore")
                .hasMessageContaining("master key kek-sm-0001").hasMessageContaining("holds another key under that name")
                .hasMessageContaining("docs/production.md");

        Path copy = DIR.resolve("copy.bcfks");
        Files.copy(first, copy);
        try (ConfigurableApplicationContext hub = start(copy)) {
            assertThat(hub.getBean(DataKeys.class).forFingerprint().id()).isNotBlank();
        }
    }

    private static ConfigurableApplicationContext start(Path keystore) {
        // command-line arguments, because they win over config/application.yaml
        return new SpringApplicationBuilder(ExchangeHubApplication.class).run("--server.port=0",
                "--spring.profiles.active=test", "--hub.data-dir=" + DIR,
                "--spring.datasource.url=jdbc:h2:file:" + DIR.toAbsolutePath() + "/db/hub",
                "--hub.protect.keystore=" + keystore);
    }
}
