package org.exchangehub.schema.internal;

import java.nio.file.Path;

import org.exchangehub.schema.CompatibilityLevel;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.registry.*}: where the canonical schemas are read from at startup and the registry-wide default
 * compatibility level.
 *
 * @param schemaDir            directory of {@code *.avsc} files registered at startup (default {@code schemas})
 * @param defaultCompatibility level used when neither the global nor the subject level was set through the
 *                             API (default {@code BACKWARD_TRANSITIVE})
 */
@ConfigurationProperties("hub.registry")
public record RegistryProperties(
        @DefaultValue("schemas") Path schemaDir,
        @DefaultValue("BACKWARD_TRANSITIVE") CompatibilityLevel defaultCompatibility) {
}
