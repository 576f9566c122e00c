package org.exchangehub.protect.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.protect.*}: how personal data is protected.
 *
 * @param suite            crypto suite for new keys: {@code SM} (default) or {@code INTL}
 * @param keystore         BCFKS keystore holding the master keys (default {@code ${hub.data-dir}/keys/hub-keys.bcfks})
 * @param keystorePassword its password; when empty the built-in development password is used, which the hub only
 *                         accepts with profile {@code demo} or {@code test}
 * @param dekPeriod        how long one data key encrypts new data: {@code DAY}, {@code MONTH} (default) or {@code YEAR}
 */
@ConfigurationProperties("hub.protect")
public record ProtectProperties(
        @DefaultValue("SM") String suite,
        Path keystore,
        String keystorePassword,
        @DefaultValue("MONTH") DekPeriod dekPeriod) {

    /** Rotation periods of data keys. */
    public enum DekPeriod {
        DAY("yyyy-MM-dd"), MONTH("yyyy-MM"), YEAR("yyyy");

        private final String pattern;

        DekPeriod(String pattern) {
            this.pattern = pattern;
        }

        /** The period label of an instant in Asia/Shanghai, e.g. {@code 2026-11}. */
        public String label(Instant at) {
            return DateTimeFormatter.ofPattern(pattern)
                    .withZone(ZoneId.of("Asia/Shanghai")).format(at);
        }
    }
}
