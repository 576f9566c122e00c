package org.exchangehub.admin.operations;

import java.util.List;

import org.exchangehub.admin.web.Actor;
import org.exchangehub.admin.web.AdminProblems;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.SchemaRegistryException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The canonical record types for admins: list them with their fields, add one while the hub runs (an Avro schema
 * checked as at startup, registered under {@code <record-type>-value} and kept in {@code hub.registry.schema-dir}),
 * and pick up schema files placed in that directory by hand. Audited.
 */
@RestController
@RequestMapping("/api/v1/admin/record-types")
@Tag(name = "Admin: record types", description = "Canonical record types and their schemas (ADMIN)")
class RecordTypesResource {

    private final RecordTypeOperations operations;

    RecordTypesResource(RecordTypeOperations operations) {
        this.operations = operations;
    }

    @GetMapping
    @Operation(summary = "The canonical record types with their fields")
    List<RecordTypeOperations.RecordTypeView> list() {
        return operations.recordTypes();
    }

    @GetMapping("/{recordType}")
    @Operation(summary = "One record type with its fields")
    RecordTypeOperations.RecordTypeView one(@PathVariable String recordType) {
        return operations.recordType(recordType);
    }

    @PutMapping(path = "/{recordType}", consumes = "application/json")
    @Operation(summary = "Add a record type: its Avro schema (as in schemas/<record-type>.avsc); 201 when added, 200"
            + " when the same schema is already in use")
    ResponseEntity<RecordTypeOperations.RecordTypeView> add(@PathVariable String recordType,
            @RequestBody String schema) {
        boolean created = operations.addRecordType(recordType, schema, Actor.current());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(operations.recordType(recordType));
    }

    @PostMapping("/refresh")
    @Operation(summary = "Register the schema files of new record types placed in hub.registry.schema-dir (all or"
            + " none); files of types in use that changed are listed and take effect at the next start")
    CanonicalSchemas.Refreshed refresh() {
        return operations.refresh(Actor.current());
    }

    @ExceptionHandler(SchemaRegistryException.class)
    ProblemDetail refused(SchemaRegistryException e) {
        boolean incompatible = e.code() == SchemaRegistryException.Code.INCOMPATIBLE_SCHEMA;
        return AdminProblems.problem(incompatible ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
                incompatible ? "incompatible-schema" : "invalid-schema", "Record type refused", e.getMessage());
    }
}
