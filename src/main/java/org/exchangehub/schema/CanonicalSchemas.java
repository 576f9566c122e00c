package org.exchangehub.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * <p>Startup fails, naming the file, when a file is not a valid schema or is incompatible with the versions
 * already registered; nothing registered before is changed by such a failure.
 */
@Component
public class CanonicalSchemas implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(CanonicalSchemas.class);
    private static final String SUFFIX = ".avsc";

    private final SchemaRegistry registry;
    private final Path directory;
    private final Map<String, RegisteredSchema> byRecordType = new TreeMap<>();

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

    /** The version registered at startup for a record type. */
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
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            checkName(SchemaIdentity.parse(text), recordType);
            return registry.register(SchemaRegistry.subjectFor(recordType), text);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot be read: " + e);
        } catch (SchemaRegistryException e) {
            // no cause attached: this message is the whole story, and startup reports it as the root cause
            throw new IllegalStateException(file + ": " + e.getMessage());
        }
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
