package org.exchangehub.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
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
 * set) with a message naming the file and the field. Admins add or replace one file at a time while the hub runs
 * ({@link #put}): the whole set with the new file is checked first, and only then written and put in force.
 */
@Service
public class Mappings {

    private static final Logger log = LoggerFactory.getLogger(Mappings.class);
    private static final Set<String> HUB_ASSIGNED = Set.of("recordId", "ingestedAt", "sourceDepartment");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+){0,15}");

    /** The two kinds of file: a mapping in {@code hub.ingest.mapping-dir}, a code table in {@code hub.ingest.code-dir}. */
    public enum Kind {
        MAPPING, CODE_TABLE
    }

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

    /** The mappings and code tables in force. */
    public Loaded loaded() {
        return new Loaded(List.copyOf(new TreeMap<>(mappings).keySet()), List.copyOf(new TreeMap<>(codes).keySet()));
    }

    /**
     * Adds or replaces one mapping or code table: the files as they are with this one in place are checked as a
     * reload would check them; only then is the file written (its id is its name) and the new set put in force.
     *
     * @return true when the file is new, false when it replaced one
     * @throws IllegalArgumentException an id that is not lower-case words joined by '-'
     * @throws IllegalStateException    naming the file and field of the first problem; nothing changed
     */
    public synchronized boolean put(Kind kind, String id, String yaml) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("id '" + id + "': lower-case letters and digits in words joined by"
                    + " single hyphens");
        }
        Path file = (kind == Kind.MAPPING ? properties.mappingDir() : properties.codeDir()).resolve(id + ".yaml");
        Read read = read(file, yaml);
        boolean created = !Files.exists(file);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), id, ".tmp");
            Files.writeString(temporary, yaml);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException(file + ": cannot be written: " + e.getMessage());
        }
        codes = Map.copyOf(read.codes());
        mappings = Map.copyOf(read.mappings());
        log.info("{} {} {}: {} mappings and {} code tables in force", kind == Kind.MAPPING ? "Mapping" : "Code table",
                id, created ? "added" : "replaced", read.mappings().size(), read.codes().size());
        return created;
    }

    private record Read(Map<String, Mapping> mappings, Map<String, CodeTable> codes) {
    }

    private Read read() {
        return read(null, null);
    }

    /** Reads every file, with {@code replacement} (when given) as the content of {@code replaced}. */
    private Read read(Path replaced, String replacement) {
        Map<String, CodeTable> newCodes = new TreeMap<>();
        for (Path file : yamlFiles(properties.codeDir(), replaced)) {
            CodeTable table = read(file, CodeTable.class, replaced, replacement);
            newCodes.put(id(file), new CodeTable(id(file), table.description(), table.entries()));
        }
        Map<String, Mapping> newMappings = new TreeMap<>();
        for (Path file : yamlFiles(properties.mappingDir(), replaced)) {
            Mapping read = read(file, Mapping.class, replaced, replacement);
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

    private static <T> T read(Path file, Class<T> type, Path replaced, String replacement) {
        try {
            T value = file.equals(replaced) ? YAML.readValue(replacement, type) : YAML.readValue(file.toFile(), type);
            if (value == null) {
                throw new IllegalStateException(file + ": empty");
            }
            return value;
        } catch (IOException e) {
            throw new IllegalStateException(file + ": " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
    }

    /** The {@code .yaml} files of a directory, sorted, with {@code extra} among them when it belongs there. */
    private static List<Path> yamlFiles(Path directory, Path extra) {
        List<Path> found = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> files = Files.list(directory)) {
                files.filter(file -> file.getFileName().toString().endsWith(".yaml")).forEach(found::add);
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + directory + ": " + e.getMessage());
            }
        }
        if (extra != null && extra.getParent().equals(directory) && !found.contains(extra)) {
            found.add(extra);
        }
        return found.stream().sorted().toList();
    }

    private static String id(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".yaml".length());
    }
}
