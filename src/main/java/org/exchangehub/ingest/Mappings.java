package org.exchangehub.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.exchangehub.ingest.internal.IngestProperties;
import org.exchangehub.ingest.internal.MappingEngine;
import org.exchangehub.schema.CanonicalSchemas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The declarative mappings ({@code config/mappings/*.yaml}) and code tables ({@code config/codes/*.yaml}),
 * loaded and checked at startup and on {@link #reload()}: a mapping names a canonical record type, only fields of
 * its schema (not the hub-assigned {@code recordId} and {@code ingestedAt}), every field the schema requires,
 * known transforms and existing code tables. A bad file stops startup (or fails the reload, keeping the previous
 * set) with a message naming the file and the field.
 */
@Service
public class Mappings {

    private static final Logger log = LoggerFactory.getLogger(Mappings.class);
    private static final Set<String> HUB_ASSIGNED = Set.of("recordId", "ingestedAt", "sourceDepartment");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final IngestProperties properties;
    private final CanonicalSchemas schemas;
    private volatile Map<String, Mapping> mappings = Map.of();
    private volatile Map<String, CodeTable> codes = Map.of();

    Mappings(IngestProperties properties, CanonicalSchemas schemas) {
        this.properties = properties;
        this.schemas = schemas;
        reload();
    }

    /** The ids of the mappings and code tables a set of files holds. */
    public record Loaded(List<String> mappings, List<String> codeTables) {
    }

    /** Reads and checks every file again; on any problem the previous set stays in force. */
    public synchronized void reload() {
        Read read = read();
        codes = Map.copyOf(read.codes());
        mappings = Map.copyOf(read.mappings());
        log.info("Loaded {} mappings and {} code tables", read.mappings().size(), read.codes().size());
    }

    /**
     * Reads and checks every file without loading it.
     *
     * @throws IllegalStateException naming the file and field of the first problem
     */
    public Loaded check() {
        Read read = read();
        return new Loaded(List.copyOf(read.mappings().keySet()), List.copyOf(read.codes().keySet()));
    }

    private record Read(Map<String, Mapping> mappings, Map<String, CodeTable> codes) {
    }

    private Read read() {
        Map<String, CodeTable> newCodes = new TreeMap<>();
        for (Path file : yamlFiles(properties.codeDir())) {
            CodeTable table = read(file, CodeTable.class);
            newCodes.put(id(file), new CodeTable(id(file), table.description(), table.entries()));
        }
        Map<String, Mapping> newMappings = new TreeMap<>();
        for (Path file : yamlFiles(properties.mappingDir())) {
            Mapping read = read(file, Mapping.class);
            Mapping mapping = new Mapping(id(file), read.recordType(), read.sourceDepartment(), read.fields());
            List<String> problems = problems(mapping, newCodes);
            if (!problems.isEmpty()) {
                throw new IllegalStateException(file + ": " + String.join("; ", problems));
            }
            newMappings.put(mapping.id(), mapping);
        }
        return new Read(newMappings, newCodes);
    }

    public Optional<Mapping> byId(String id) {
        return Optional.ofNullable(mappings.get(id));
    }

    /** The record's key in a source record, as the mapping's {@code sourceKey} rule reads it; null when it cannot. */
    public String sourceKey(Mapping mapping, JsonNode source) {
        Mapping.Rule rule = mapping.fields().get("sourceKey");
        return rule == null || rule.from() == null ? null : MappingEngine.text(source, rule.from());
    }

    /** Runs a source record through a mapping. */
    public MappingResult apply(Mapping mapping, JsonNode source) {
        return MappingEngine.apply(mapping, codes, source);
    }

    private List<String> problems(Mapping mapping, Map<String, CodeTable> tables) {
        List<String> problems = new ArrayList<>();
        if (mapping.sourceDepartment() == null || mapping.sourceDepartment().isBlank()) {
            problems.add("source-department is required");
        }
        Optional<Schema> schema = schemas.forRecordType(String.valueOf(mapping.recordType())).map(r -> r.schema());
        if (schema.isEmpty()) {
            problems.add("record-type '" + mapping.recordType() + "' is not one of " + schemas.recordTypes());
            return problems;
        }
        mapping.fields().forEach((field, rule) -> {
            if (schema.get().getField(field) == null || HUB_ASSIGNED.contains(field)) {
                problems.add("fields." + field + ": not a field the mapping can set in " + mapping.recordType());
            }
            int sources = (rule.from() != null ? 1 : 0) + (rule.concat() != null ? 1 : 0) + (rule.constant() != null ? 1 : 0);
            if (sources != 1) {
                problems.add("fields." + field + ": give exactly one of from, concat, constant");
            }
            if (rule.transform() != null && !MappingEngine.TRANSFORMS.contains(rule.transform())) {
                problems.add("fields." + field + ": unknown transform '" + rule.transform() + "', known: "
                        + MappingEngine.TRANSFORMS);
            }
            if (rule.codeTable() != null && !tables.containsKey(rule.codeTable())) {
                problems.add("fields." + field + ": no code table '" + rule.codeTable() + "' in " + properties.codeDir());
            }
        });
        for (Schema.Field field : schema.get().getFields()) {
            boolean optional = field.hasDefaultValue() || HUB_ASSIGNED.contains(field.name());
            if (!optional && !mapping.fields().containsKey(field.name())) {
                problems.add("fields." + field.name() + ": required by " + mapping.recordType() + " but not mapped");
            }
        }
        return problems;
    }

    private static <T> T read(Path file, Class<T> type) {
        try {
            return YAML.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
    }

    private static List<Path> yamlFiles(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + directory + ": " + e.getMessage());
        }
    }

    private static String id(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".yaml".length());
    }
}
