package org.exchangehub.console.internal;

import java.security.Principal;
import java.util.List;
import java.util.Map;

import org.exchangehub.admin.operations.RecordTypeOperations;
import org.exchangehub.ingest.Mappings;
import org.exchangehub.schema.SchemaRegistryException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin's page of record types, mappings and code tables: every record type with its fields (doc, personal-data
 * category, check), the mappings and code tables in force, and forms to add a record type and to add or replace a
 * mapping or code table while the hub runs. A refused form comes back with the problem next to the text as it was
 * sent, and nothing changed.
 */
@Controller
@RequestMapping("/console/record-types")
class RecordTypePages {

    private static final Map<String, Mappings.Kind> KINDS = Map.of("mappings", Mappings.Kind.MAPPING, "code-tables",
            Mappings.Kind.CODE_TABLE);

    private final RecordTypeOperations operations;

    RecordTypePages(RecordTypeOperations operations) {
        this.operations = operations;
    }

    @GetMapping
    String list(Model model) {
        return page(model, null, null, null, null);
    }

    @PostMapping
    String addRecordType(@RequestParam String recordType, @RequestParam String schema, Principal principal,
            Model model, RedirectAttributes redirect) {
        try {
            boolean created = operations.addRecordType(recordType.strip(), schema, principal.getName());
            redirect.addFlashAttribute("done", List.of(created ? "types.added" : "types.unchanged", recordType));
            return "redirect:/console/record-types";
        } catch (SchemaRegistryException | IllegalStateException | IllegalArgumentException e) {
            return page(model, "schema", recordType, schema, e.getMessage());
        }
    }

    @PostMapping("/{kind:mappings|code-tables}")
    String putFile(@PathVariable String kind, @RequestParam String id, @RequestParam String yaml,
            Principal principal, Model model, RedirectAttributes redirect) {
        try {
            boolean created = operations.putMappingFile(KINDS.get(kind), id.strip(), yaml, principal.getName());
            redirect.addFlashAttribute("done", List.of(created ? "types.fileAdded" : "types.fileReplaced", id));
            return "redirect:/console/record-types";
        } catch (IllegalArgumentException e) {
            return page(model, kind, id, yaml, e.getMessage());
        }
    }

    /** The page; {@code form} names the form whose refused text and problem are shown again. */
    private String page(Model model, String form, String name, String text, String problem) {
        model.addAttribute("recordTypes", operations.recordTypes());
        model.addAttribute("loaded", operations.mappings());
        model.addAttribute("form", form);
        model.addAttribute("formName", name);
        model.addAttribute("formText", text);
        model.addAttribute("problem", problem);
        return "console/record-types";
    }
}
