package org.exchangehub.admin.operations;

import java.util.Map;

import org.exchangehub.admin.web.Actor;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.ingest.Mappings;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Mappings and code tables ({@code config/mappings}, {@code config/codes}) for admins: check the files as they are
 * now, and reload them; a reload with any problem changes nothing and names the file and field.
 */
@RestController
@RequestMapping("/api/v1/admin/mappings")
@Tag(name = "Admin: mappings", description = "Declarative mappings and code tables (ADMIN)")
class MappingsResource {

    private final Mappings mappings;
    private final AuditLog audit;

    MappingsResource(Mappings mappings, AuditLog audit) {
        this.mappings = mappings;
        this.audit = audit;
    }

    @PostMapping("/validate")
    @Operation(summary = "Check the files without loading them")
    Map<String, Object> validate() {
        try {
            Mappings.Loaded checked = mappings.check();
            return Map.of("valid", true, "mappings", checked.mappings(), "codeTables", checked.codeTables());
        } catch (IllegalStateException e) {
            return Map.of("valid", false, "problem", e.getMessage());
        }
    }

    @PostMapping("/reload")
    @Operation(summary = "Load the files; on any problem the previous set stays in force")
    Map<String, Object> reload() {
        try {
            mappings.reload();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("nothing reloaded: " + e.getMessage());
        }
        Mappings.Loaded loaded = mappings.check();
        audit.append(AuditEntry.of(Actor.current(), "ADMIN_CHANGE", "OK", "mappings RELOADED: " + loaded.mappings()
                .size() + " mappings, " + loaded.codeTables().size() + " code tables"));
        return Map.of("reloaded", true, "mappings", loaded.mappings(), "codeTables", loaded.codeTables());
    }
}
