package org.exchangehub.schema.internal;

import static org.exchangehub.schema.internal.RegistryMediaTypes.JSON;
import static org.exchangehub.schema.internal.RegistryMediaTypes.PLAIN_JSON;
import static org.exchangehub.schema.internal.RegistryMediaTypes.V1_JSON;

import java.util.List;
import java.util.Map;

import org.exchangehub.schema.RegisteredSchema;
import org.exchangehub.schema.SchemaRegistry;
import org.exchangehub.schema.SubjectDeletion;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Confluent-compatible {@code /subjects} endpoints. */
@RestController
@RequestMapping(path = "/registry/subjects", produces = { V1_JSON, JSON, PLAIN_JSON })
class SubjectsResource {

    /** A subject version as Confluent clients read it. */
    record SchemaVersion(String subject, int version, int id, String schema) {

        static SchemaVersion of(RegisteredSchema registered) {
            return new SchemaVersion(registered.subject(), registered.version(), registered.id(),
                    registered.schemaText());
        }
    }

    private final SchemaRegistry registry;
    private final SubjectDeletion deletion;

    SubjectsResource(SchemaRegistry registry, SubjectDeletion deletion) {
        this.registry = registry;
        this.deletion = deletion;
    }

    @GetMapping
    List<String> subjects(@RequestParam(defaultValue = "false") boolean deleted,
            @RequestParam(defaultValue = "") String subjectPrefix) {
        return registry.subjects(deleted).stream().filter(subject -> subject.startsWith(subjectPrefix)).toList();
    }

    @PostMapping("/{subject}/versions")
    Map<String, Integer> register(@PathVariable String subject, @RequestBody SchemaRequest request) {
        return Map.of("id", registry.register(subject, request.avroSchema()).id());
    }

    @PostMapping("/{subject}")
    SchemaVersion lookup(@PathVariable String subject, @RequestBody SchemaRequest request,
            @RequestParam(defaultValue = "false") boolean deleted) {
        return SchemaVersion.of(registry.lookup(subject, request.avroSchema(), deleted));
    }

    @GetMapping("/{subject}/versions")
    List<Integer> versions(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean deleted) {
        return registry.versions(subject, deleted);
    }

    @GetMapping("/{subject}/versions/{version}")
    SchemaVersion version(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean deleted) {
        return SchemaVersion.of(registry.version(subject, version, deleted));
    }

    @GetMapping("/{subject}/versions/{version}/schema")
    String schemaOnly(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean deleted) {
        return registry.version(subject, version, deleted).schemaText();
    }

    @GetMapping("/{subject}/versions/{version}/referencedby")
    List<Integer> referencedBy(@PathVariable String subject, @PathVariable String version) {
        registry.version(subject, version, false);
        return List.of();
    }

    @DeleteMapping("/{subject}")
    List<Integer> deleteSubject(@PathVariable String subject, @RequestParam(defaultValue = "false") boolean permanent) {
        return deletion.deleteSubject(subject, permanent);
    }

    @DeleteMapping("/{subject}/versions/{version}")
    int deleteVersion(@PathVariable String subject, @PathVariable String version,
            @RequestParam(defaultValue = "false") boolean permanent) {
        return deletion.deleteVersion(subject, version, permanent);
    }
}
