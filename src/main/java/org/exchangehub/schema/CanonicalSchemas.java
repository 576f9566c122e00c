package org.exchangehub.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.exchangehub.schema.internal.RegistryProperties;
import org.exchangehub.schema.internal.SchemaIdentity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;

/**
 * The canonical record types: one {@code <record-type>.avsc} file per type in {@code hub.registry.schema-dir},
 * registered at startup under subject {@code <record-type>-value} (or found unchanged). The record name must be
 * the record type in PascalCase ({@code police-incident.avsc} holds {@code PoliceIncident}).
 *
 * <p>Every canonical schema starts with the envelope the pipeline relies on: {@code recordId} (a uuid string),
 * {@code sourceDepartment} and {@code sourceKey} (strings), {@code occurredAt} and {@code ingestedAt}
 * ({@code timestamp-millis}). Startup fails, naming the file, when a file is not a valid schema, lacks the envelope or
 * is incompatible with the versions already registered; nothing registered before is changed by such a failure.
 *
 * <p>Record types can be added while the hub runs ({@link #add}, {@link #refresh}), checked by the same rules; the
 * schema of a type in use is not replaced at runtime (mappings, subscriptions and catalog entries were checked
 * against it): a changed file takes effect at the next start, where all of them are checked again.
 */
@Component
public class CanonicalSchemas implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(CanonicalSchemas.class);
    private static final String SUFFIX = ".avsc";

    private static final Map<String, String> ENVELOPE = envelope();

    private final SchemaRegistry registry;
    private final Path directory;
    private final Map<String, RegisteredSchema> byRecordType = new ConcurrentSkipListMap<>();

    /** A record type added at runtime: its registered schema, and whether it is new (false: it was there already). */
    public record Added(RegisteredSchema schema, boolean created) {
    }

    /** What {@link #refresh()} found: record types added, and files that differ from the version in use. */
    public record Refreshed(List<String> added, List<String> changedUntilRestart) {
    }

    CanonicalSchemas(SchemaRegistry registry, RegistryProperties properties) {
        this.registry = registry;
        this.directory = properties.schemaDir();
    }

    @Override
    public void afterPropertiesSet() {
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException("hub.registry.schema-dir: '" + directory.toAbsolutePath()
                    + "' is not a directory; start the hub from the repository root or set the key");
        }
        for (Path file : schemaFiles()) {
            String recordType = file.getFileName().toString().replace(SUFFIX, "");
            byRecordType.put(recordType, registerFile(file, recordType));
        }
        log.info("Schema registry ready: {} canonical record types from {}", byRecordType.size(), directory);
    }

    /** The canonical record types, e.g. {@code death-certificate}, sorted. */
    public List<String> recordTypes() {
        return List.copyOf(byRecordType.keySet());
    }

    /**
     * Adds a record type while the hub runs: checks the schema as at startup, registers it under
     * {@code <record-type>-value} and writes {@code <record-type>.avsc} to the schema directory, so that the next start
     * finds it. Giving the schema of a type already in use again changes nothing.
     *
     * @throws SchemaRegistryException {@code INVALID_SCHEMA} (not a schema, wrong name, no envelope),
     *                                 {@code INCOMPATIBLE_SCHEMA} (the subject holds incompatible versions)
     * @throws IllegalStateException   the type is in use with another schema
     */
    public synchronized Added add(String recordType, String schemaText) {
        Schema schema = SchemaIdentity.parse(schemaText);
        checkName(schema, recordType);
        checkEnvelope(schema);
        RegisteredSchema current = byRecordType.get(recordType);
        if (current != null) {
            if (SchemaIdentity.identityHash(current.schema()).equals(SchemaIdentity.identityHash(schema))) {
                return new Added(current, false);
            }
            throw new IllegalStateException("record type '" + recordType + "' is in use with version "
                    + current.version() + " of " + current.subject() + "; a changed schema takes effect at the next"
                    + " start (replace " + recordType + SUFFIX + " in hub.registry.schema-dir), where mappings,"
                    + " subscriptions and catalog entries are checked against it");
        }
        RegisteredSchema registered = registry.register(SchemaRegistry.subjectFor(recordType), schemaText);
        write(recordType, schemaText);
        byRecordType.put(recordType, registered);
        log.info("Record type {} added: {} version {} (schema id {})", recordType, registered.subject(),
                registered.version(), registered.id());
        return new Added(registered, true);
    }

    /**
     * Registers the files of the schema directory that hold record types not yet known, all or none: every new file
     * is checked before any is registered.
     *
     * @throws IllegalStateException naming the file of the first problem; nothing is added
     */
    public synchronized Refreshed refresh() {
        Map<String, String> fresh = new LinkedHashMap<>();
        List<String> changed = new ArrayList<>();
        for (Path file : schemaFiles()) {
            String recordType = file.getFileName().toString().replace(SUFFIX, "");
            String text = read(file);
            RegisteredSchema current = byRecordType.get(recordType);
            if (current == null) {
                checkFile(file, recordType, text);
                registrable(file, recordType, text);
                fresh.put(recordType, text);
            } else if (!SchemaIdentity.identityHash(current.schema())
                    .equals(SchemaIdentity.identityHash(parsed(file, text)))) {
                changed.add(recordType);
            }
        }
        fresh.forEach((recordType, text) -> {
            RegisteredSchema registered = registry.register(SchemaRegistry.subjectFor(recordType), text);
            byRecordType.put(recordType, registered);
            log.info("Record type {} added from {}: version {} (schema id {})", recordType, directory,
                    registered.version(), registered.id());
        });
        return new Refreshed(List.copyOf(fresh.keySet()), List.copyOf(changed));
    }

    /** The version in use for a record type. */
    public Optional<RegisteredSchema> forRecordType(String recordType) {
        return Optional.ofNullable(byRecordType.get(recordType));
    }

    private List<Path> schemaFiles() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("hub.registry.schema-dir: cannot list " + directory, e);
        }
    }

    private RegisteredSchema registerFile(Path file, String recordType) {
        String text = read(file);
        checkFile(file, recordType, text);
        try {
            return registry.register(SchemaRegistry.subjectFor(recordType), text);
        } catch (SchemaRegistryException e) {
            // no cause attached: this message is the whole story, and startup reports it as the root cause
            throw new IllegalStateException(file + ": " + e.getMessage());
        }
    }

    /** Checks a file's schema as a record type (a schema, its record's name, the envelope). */
    private void checkFile(Path file, String recordType, String text) {
        Schema schema = parsed(file, text);
        try {
            checkName(schema, recordType);
            checkEnvelope(schema);
        } catch (SchemaRegistryException e) {
            throw new IllegalStateException(file + ": " + e.getMessage());
        }
    }

    /** Checks that the registry would take the file under its subject, without registering it. */
    private void registrable(Path file, String recordType, String text) {
        try {
            registry.checkRegistrable(SchemaRegistry.subjectFor(recordType), text);
        } catch (SchemaRegistryException e) {
            throw new IllegalStateException(file + ": " + e.getMessage());
        }
    }

    private static Schema parsed(Path file, String text) {
        try {
            return SchemaIdentity.parse(text);
        } catch (SchemaRegistryException e) {
            throw new IllegalStateException(file + ": " + e.getMessage());
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot be read: " + e);
        }
    }

    private void write(String recordType, String schemaText) {
        Path target = directory.resolve(recordType + SUFFIX);
        try {
            Path temporary = Files.createTempFile(directory, recordType, ".tmp");
            Files.writeString(temporary, schemaText.strip() + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("hub.registry.schema-dir: cannot write " + target, e);
        }
    }

    private static void checkEnvelope(Schema schema) {
        List<String> problems = new ArrayList<>();
        ENVELOPE.forEach((name, type) -> {
            Schema.Field field = schema.getField(name);
            if (field == null) {
                problems.add(name + " is missing");
            } else if (!type.equals(typeOf(field.schema()))) {
                problems.add(name + " must be " + type);
            }
        });
        if (!problems.isEmpty()) {
            throw new SchemaRegistryException(SchemaRegistryException.Code.INVALID_SCHEMA, "the envelope every"
                    + " canonical record carries: " + String.join("; ", problems));
        }
    }

    private static String typeOf(Schema schema) {
        String logical = schema.getLogicalType() == null ? null : schema.getLogicalType().getName();
        return logical == null ? schema.getType().getName() : schema.getType().getName() + " (" + logical + ")";
    }

    private static Map<String, String> envelope() {
        Map<String, String> envelope = new LinkedHashMap<>();
        envelope.put("recordId", "string (uuid)");
        envelope.put("sourceDepartment", "string");
        envelope.put("sourceKey", "string");
        envelope.put("occurredAt", "long (timestamp-millis)");
        envelope.put("ingestedAt", "long (timestamp-millis)");
        return envelope;
    }

    private static void checkName(Schema schema, String recordType) {
        StringBuilder expected = new StringBuilder();
        for (String part : recordType.split("-")) {
            if (part.isEmpty()) {
                throw new SchemaRegistryException(SchemaRegistryException.Code.INVALID_SCHEMA,
                        "record type '" + recordType + "' must be lower-case words joined by single hyphens");
            }
            expected.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        if (schema.getType() != Schema.Type.RECORD || !schema.getName().contentEquals(expected)) {
            throw new SchemaRegistryException(SchemaRegistryException.Code.INVALID_SCHEMA,
                    "expected a record named " + expected + " for record type " + recordType);
        }
    }
}
