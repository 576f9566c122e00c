package org.exchangehub.catalog.internal;

import java.util.List;
import java.util.NoSuchElementException;

import org.exchangehub.catalog.Catalog;
import org.exchangehub.catalog.CatalogEntry;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import jakarta.validation.Valid;

/**
 * The sharing catalog: browsed by every department and person (metadata only, never data); entries added, replaced
 * and removed by admins under {@code /api/v1/admin/catalog}.
 */
@RestController
@Tag(name = "Sharing catalog", description = "What each department offers, on which terms (read: everyone; change: ADMIN)")
class CatalogResource {

    private final Catalog catalog;

    CatalogResource(Catalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/catalog")
    @Operation(summary = "Every catalog resource with its data items and sharing attributes")
    List<Catalog.Listed> list() {
        return catalog.all();
    }

    @GetMapping("/api/v1/catalog/{code}")
    @Operation(summary = "One catalog resource")
    Catalog.Listed get(@PathVariable String code) {
        return catalog.byCode(code).orElseThrow(() -> new NoSuchElementException(
                "no catalog resource '" + code + "'"));
    }

    @PostMapping("/api/v1/admin/catalog")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a catalog resource (ADMIN)")
    Catalog.Listed create(@Valid @RequestBody CatalogEntry body) {
        if (catalog.byCode(body.code()).isPresent()) {
            throw new IllegalStateException("catalog resource '" + body.code() + "' exists; replace it with PUT");
        }
        return catalog.put(body, actor());
    }

    @PutMapping("/api/v1/admin/catalog/{code}")
    @Operation(summary = "Replace a catalog resource (ADMIN); applies to requests made from now on")
    Catalog.Listed replace(@PathVariable String code, @Valid @RequestBody CatalogEntry body) {
        if (!code.equals(body.code())) {
            throw new IllegalArgumentException("code: the body's code '" + body.code() + "' is not '" + code + "'");
        }
        catalog.entry(code);
        return catalog.put(body, actor());
    }

    @DeleteMapping("/api/v1/admin/catalog/{code}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a catalog resource (ADMIN); grants already made keep their terms until they end")
    void delete(@PathVariable String code) {
        catalog.remove(code, actor());
    }

    static String actor() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null ? "anonymous" : authentication.getName();
    }
}
