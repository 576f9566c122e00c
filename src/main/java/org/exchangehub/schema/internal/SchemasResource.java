package org.exchangehub.schema.internal;

import static org.exchangehub.schema.internal.RegistryMediaTypes.JSON;
import static org.exchangehub.schema.internal.RegistryMediaTypes.PLAIN_JSON;
import static org.exchangehub.schema.internal.RegistryMediaTypes.V1_JSON;

import java.util.List;
import java.util.Map;

import org.exchangehub.schema.RegisteredSchema;
import org.exchangehub.schema.SchemaRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Confluent-compatible {@code /schemas} endpoints: schemas by global id. */
@RestController
@RequestMapping(path = "/registry/schemas", produces = { V1_JSON, JSON, PLAIN_JSON })
class SchemasResource {

    /** One subject version using a schema id. */
    record SubjectVersion(String subject, int version) {
    }

    private final SchemaRegistry registry;

    SchemasResource(SchemaRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/ids/{id}")
    Map<String, String> schema(@PathVariable int id) {
        return Map.of("schema", registry.schemaTextById(id));
    }

    @GetMapping("/ids/{id}/schema")
    String schemaOnly(@PathVariable int id) {
        return registry.schemaTextById(id);
    }

    @GetMapping("/ids/{id}/versions")
    List<SubjectVersion> versions(@PathVariable int id, @RequestParam(defaultValue = "false") boolean deleted) {
        return registry.versionsOfSchema(id, deleted).stream()
                .map(version -> new SubjectVersion(version.subject(), version.version()))
                .toList();
    }

    @GetMapping("/ids/{id}/subjects")
    List<String> subjects(@PathVariable int id, @RequestParam(defaultValue = "false") boolean deleted) {
        return registry.versionsOfSchema(id, deleted).stream().map(RegisteredSchema::subject).distinct().toList();
    }

    @GetMapping("/types")
    List<String> types() {
        return List.of(SchemaRegistry.AVRO);
    }
}
