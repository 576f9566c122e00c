package org.exchangehub.protect.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * The master keystore as the hub holds it: keys read once and kept (a key added, as written: a reopened store reads
 * the same bytes), a removed key gone from memory too.
 */
class MasterKeysTests {

    @TempDir
    Path dir;

    @Test
    void aKeyReadAgainIsTheSameAndARemovedKeyCannotBeReadEvenAfterItWasRead() {
        MasterKeys keys = open();
        String first = keys.currentId();
        byte[] key = keys.key(first);
        key[0] ^= 1; // a caller changing its copy changes nothing kept
        assertThat(keys.key(first)).isNotEqualTo(key).hasSize(16);
        String second = keys.addKey();
        assertThat(keys.key(second)).isNotEqualTo(keys.key(first));

        keys.remove(first);
        assertThatThrownBy(() -> keys.key(first)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not in");
        MasterKeys reopened = open();
        assertThat(reopened.aliases()).containsExactly(second);
        assertThat(reopened.key(second)).isEqualTo(keys.key(second));
    }

    private MasterKeys open() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("test"); // the development password
        return new MasterKeys(new ProtectProperties("SM", dir.resolve("keys/hub-keys.bcfks"), "", null),
                environment, event -> { });
    }
}
