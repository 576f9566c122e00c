package org.exchangehub.admin.operations;

import java.util.Map;

import org.exchangehub.admin.web.Actor;
import org.exchangehub.audit.AuditAction;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.ingest.Mappings;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Mappings and code tables ({@code config/mappings}, {@code config/codes}) for admins: list those in force, add or
 * replace one file (checked with all the others first), check the files as they are now, and reload them; a change
 * with any problem changes nothing and names the file and field.
 */
@RestController
@Tag(name = "Admin: mappings", description = "Declarative mappings and code tables (ADMIN)")
class MappingsResource {

    private static final String MAPPINGS = "/api/v1/admin/mappings";

    private final Mappings mappings;
    private final RecordTypeOperations operations;
    private final AuditLog audit;

    MappingsResource(Mappings mappings, RecordTypeOperations operations, AuditLog audit) {
        this.mappings = mappings;
        this.operations = operations;
        this.audit = audit;
    }

    @GetMapping(MAPPINGS)
    @Operation(summary = "The mappings and code tables in force")
    Mappings.Loaded inForce() {
        return mappings.loaded();
    }

    @PutMapping(path = MAPPINGS + "/{id}", consumes = { "application/yaml", "text/plain", "application/x-yaml" })
    @Operation(summary = "Add or replace a mapping (YAML, as in config/mappings); checked with every other file first")
    ResponseEntity<Map<String, Object>> putMapping(@PathVariable String id, @RequestBody String yaml) {
        return put(Mappings.Kind.MAPPING, id, yaml);
    }

    @PutMapping(path = "/api/v1/admin/code-tables/{id}", consumes = { "application/yaml", "text/plain",
            "application/x-yaml" })
    @Operation(summary = "Add or replace a code table (YAML, as in config/codes); checked with every mapping first")
    ResponseEntity<Map<String, Object>> putCodeTable(@PathVariable String id, @RequestBody String yaml) {
        return put(Mappings.Kind.CODE_TABLE, id, yaml);
    }

    @PostMapping(MAPPINGS + "/validate")
    @Operation(summary = "Check the files without loading them")
    Map<String, Object> validate() {
        try {
            Mappings.Loaded checked = mappings.check();
            return Map.of("valid", true, "mappings", checked.mappings(), "codeTables", checked.codeTables());
        } catch (IllegalStateException e) {
            return Map.of("valid", false, "problem", e.getMessage());
        }
    }

    @PostMapping(MAPPINGS + "/reload")
    @Operation(summary = "Load the files; on any problem the previous set stays in force")
    Map<String, Object> reload() {
        try {
            mappings.reload();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("nothing reloaded: " + e.getMessage());
        }
        Mappings.Loaded loaded = mappings.check();
        audit.append(AuditEntry.of(Actor.current(), AuditAction.ADMIN_CHANGE, "OK", "mappings RELOADED: " + loaded.mappings()
                .size() + " mappings, " + loaded.codeTables().size() + " code tables"));
        return Map.of("reloaded", true, "mappings", loaded.mappings(), "codeTables", loaded.codeTables());
    }

    private ResponseEntity<Map<String, Object>> put(Mappings.Kind kind, String id, String yaml) {
        boolean created = operations.putMappingFile(kind, id, yaml, Actor.current());
        String what = kind == Mappings.Kind.MAPPING ? "mapping" : "code-table";
        Mappings.Loaded loaded = mappings.loaded();
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK).body(Map.of(what, id, "created",
                created, "mappings", loaded.mappings(), "codeTables", loaded.codeTables()));
    }
}
