package org.exchangehub.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.exchangehub.schema.internal.RegistryProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Startup registration of {@code schemas/}, on a real H2 file database that survives restarts. Each start is the
 * schema module alone (its components, the database and its migrations), not the whole hub: what registers the
 * files and refuses bad ones is the module's own, and the test starts it nine times.
 */
class CanonicalSchemasTests {

    /** The schema module without its REST resources, over the hub's database and migrations. */
    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackageClasses = CanonicalSchemas.class, excludeFilters = @ComponentScan.Filter(
            type = FilterType.ANNOTATION, classes = { RestController.class, RestControllerAdvice.class }))
    @EnableConfigurationProperties(RegistryProperties.class)
    @ImportAutoConfiguration({ DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
            JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class,
            DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class })
    static class SchemaModule {
    }

    /** A canonical record type: the envelope and one field of its own. */
    static final String CANONICAL_VISIT = """
            {"type": "record", "name": "Visit", "namespace": "org.example", "fields": [
             {"name": "recordId", "type": {"type": "string", "logicalType": "uuid"}},
             {"name": "sourceDepartment", "type": "string"}, {"name": "sourceKey", "type": "string"},
             {"name": "occurredAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
             {"name": "ingestedAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
             {"name": "room", "type": "string"}]}""";

    @TempDir
    Path dataDir;

    @Test
    void everySchemaFileIsRegisteredWithItsPiiAnnotations() throws IOException {
        try (ConfigurableApplicationContext hub = start(Path.of("schemas"))) {
            CanonicalSchemas canonical = hub.getBean(CanonicalSchemas.class);
            SchemaRegistry registry = hub.getBean(SchemaRegistry.class);

            assertThat(canonical.recordTypes()).containsExactly("death-certificate", "death-registration",
                    "household-registration", "marriage-registration", "person", "petition", "police-incident", "subsistence-allowance",
                    "vaccination", "work-order", "work-order-status");
            try (Stream<Path> files = Files.list(Path.of("schemas"))) {
                assertThat(registry.subjects(false)).hasSize((int) files.count());
            }
            Schema death = registry.latest("death-certificate-value").schema();
            assertThat(death.getNamespace()).isEqualTo("org.exchangehub.record");
            assertThat(PiiAnnotations.of(death)).contains(
                    new PiiField("deceasedIdNumber", PiiCategory.ID_NUMBER, true),
                    new PiiField("causeDirect", PiiCategory.HEALTH, false));
            for (String type : canonical.recordTypes()) {
                Schema schema = canonical.forRecordType(type).orElseThrow().schema();
                assertThat(schema.getFields()).extracting(Schema.Field::name)
                        .startsWith("recordId", "sourceDepartment", "sourceKey", "occurredAt", "ingestedAt");
                assertThat(schema.getFields()).allSatisfy(field -> assertThat(field.doc()).isNotBlank());
            }
        }
    }

    @Test
    void idsAndVersionsAreStableAcrossRestartsOnTheSameDatabase() throws IOException {
        Map<String, Integer> idsBefore;
        int extraId;
        try (ConfigurableApplicationContext hub = start(Path.of("schemas"))) {
            SchemaRegistry registry = hub.getBean(SchemaRegistry.class);
            extraId = registry.register("extra-value", TestSchemas.V1).id();
            idsBefore = latestIds(registry);
        }
        try (ConfigurableApplicationContext hub = start(Path.of("schemas"))) {
            SchemaRegistry registry = hub.getBean(SchemaRegistry.class);

            assertThat(latestIds(registry)).isEqualTo(idsBefore);
            assertThat(registry.schemaTextById(extraId)).contains("Visit");
            assertThat(registry.versions("person-value", true)).containsExactly(1);
            assertThat(registry.register("extra-value", TestSchemas.V1).id()).isEqualTo(extraId);
        }
    }

    @Test
    void malformedSchemaFileStopsStartupNamingTheFile() throws IOException {
        Path schemas = Files.createDirectories(dataDir.resolve("schemas"));
        Files.copy(Path.of("schemas/person.avsc"), schemas.resolve("person.avsc"));
        Files.writeString(schemas.resolve("visit.avsc"), "{\"type\": \"record\", \"name\": \"Visit\", \"fields\": [");

        assertThatThrownBy(() -> start(schemas).close())
                .rootCause().hasMessageContaining("visit.avsc").hasMessageContaining("Invalid schema");
    }

    @Test
    void recordNameMustMatchTheFileName() throws IOException {
        Path schemas = Files.createDirectories(dataDir.resolve("schemas"));
        Files.writeString(schemas.resolve("visit-note.avsc"), TestSchemas.V1);

        assertThatThrownBy(() -> start(schemas).close())
                .rootCause().hasMessageContaining("visit-note.avsc").hasMessageContaining("VisitNote");
    }

    @Test
    void aSchemaWithoutTheEnvelopeStopsStartupNamingWhatIsMissing() throws IOException {
        Path schemas = Files.createDirectories(dataDir.resolve("schemas"));
        Files.writeString(schemas.resolve("visit.avsc"), TestSchemas.V1);

        assertThatThrownBy(() -> start(schemas).close()).rootCause().hasMessageContaining("visit.avsc")
                .hasMessageContaining("recordId is missing").hasMessageContaining("occurredAt is missing");
    }

    @Test
    void incompatibleChangeToASchemaFileStopsStartupAndChangesNothing() throws IOException {
        Path schemas = Files.createDirectories(dataDir.resolve("schemas"));
        Files.writeString(schemas.resolve("visit.avsc"), CANONICAL_VISIT);
        start(schemas).close();

        Files.writeString(schemas.resolve("visit.avsc"), CANONICAL_VISIT.replace("\"string\"}]", "\"int\"}]"));
        assertThatThrownBy(() -> start(schemas).close())
                .rootCause().hasMessageContaining("visit.avsc").hasMessageContaining("incompatible");

        Files.writeString(schemas.resolve("visit.avsc"), CANONICAL_VISIT);
        try (ConfigurableApplicationContext hub = start(schemas)) {
            assertThat(hub.getBean(SchemaRegistry.class).versions("visit-value", true)).containsExactly(1);
        }
    }

    @Test
    void missingSchemaDirectoryNamesTheConfigKey() throws IOException {
        assertThatThrownBy(() -> start(dataDir.resolve("nowhere")).close())
                .rootCause().hasMessageContaining("hub.registry.schema-dir");
    }

    private static Map<String, Integer> latestIds(SchemaRegistry registry) {
        Map<String, Integer> ids = new TreeMap<>();
        for (String subject : registry.subjects(false)) {
            ids.put(subject, registry.latest(subject).id());
        }
        return ids;
    }

    /** The schema module on the test's H2 file database, with the hub's configuration files. */
    private ConfigurableApplicationContext start(Path schemaDir) {
        // command-line arguments, because they win over config/application.yaml
        return new SpringApplicationBuilder(SchemaModule.class).web(WebApplicationType.NONE).run(
                "--spring.datasource.url=jdbc:h2:file:" + dataDir.toAbsolutePath() + "/db/hub",
                "--hub.registry.schema-dir=" + schemaDir);
    }
}
