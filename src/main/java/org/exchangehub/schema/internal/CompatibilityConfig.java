package org.exchangehub.schema.internal;

import java.util.Optional;

import org.exchangehub.schema.CompatibilityLevel;
import org.exchangehub.schema.SchemaRegistryException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The global and per-subject compatibility levels. The global level starts at
 * {@code hub.registry.default-compatibility} and can be overridden through the API; deleting the override
 * restores the configured default.
 */
@Component
public class CompatibilityConfig {

    private final RegistryStore store;
    private final RegistryProperties properties;

    CompatibilityConfig(RegistryStore store, RegistryProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    public CompatibilityLevel global() {
        return store.compatibility(RegistryStore.GLOBAL).map(CompatibilityLevel::parse)
                .orElse(properties.defaultCompatibility());
    }

    public Optional<CompatibilityLevel> subjectLevel(String subject) {
        return store.compatibility(subject).map(CompatibilityLevel::parse);
    }

    /** The level that applies to a subject: its own, else the global one. */
    public CompatibilityLevel effective(String subject) {
        return subjectLevel(subject).orElseGet(this::global);
    }

    @Transactional
    public CompatibilityLevel setGlobal(String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level);
        store.saveCompatibility(RegistryStore.GLOBAL, parsed.name());
        return parsed;
    }

    @Transactional
    public CompatibilityLevel setSubject(String subject, String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level);
        store.saveCompatibility(subject, parsed.name());
        return parsed;
    }

    /** Removes the global override; returns the level that was in force before. */
    @Transactional
    public CompatibilityLevel resetGlobal() {
        CompatibilityLevel previous = global();
        store.deleteCompatibility(RegistryStore.GLOBAL);
        return previous;
    }

    /** Removes a subject's own level; returns it. */
    @Transactional
    public CompatibilityLevel resetSubject(String subject) {
        CompatibilityLevel previous = subjectLevel(subject).orElseThrow(() -> notConfigured(subject));
        store.deleteCompatibility(subject);
        return previous;
    }

    static SchemaRegistryException notConfigured(String subject) {
        return new SchemaRegistryException(SchemaRegistryException.Code.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured");
    }
}
