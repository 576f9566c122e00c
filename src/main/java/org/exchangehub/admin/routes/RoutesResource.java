package org.exchangehub.admin.routes;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.exchangehub.admin.web.Actor;
import org.exchangehub.admin.web.AdminProblems;
import org.exchangehub.ingest.FailedFiles;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Camel routes for admins: each route with its state, source file and counters; start, stop, suspend and
 * resume; the route files, validated before activation, added or replaced at runtime and rolled back. A route
 * file is sent as the request body ({@code application/yaml} or text). Every action is audited.
 */
@RestController
@RequestMapping("/api/v1/admin/routes")
@Tag(name = "Admin: routes", description = "Adapter and delivery routes (ADMIN)")
class RoutesResource {

    /** A route file and its kept versions. */
    record RouteFileView(String name, String content, List<Integer> versions) {
    }

    private final RouteOperations routes;
    private final RouteFiles files;

    RoutesResource(RouteOperations routes, RouteFiles files) {
        this.routes = routes;
        this.files = files;
    }

    @GetMapping
    @Operation(summary = "Every route with state and counters")
    List<RouteOperations.RouteView> list() {
        return routes.list();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One route")
    RouteOperations.RouteView get(@PathVariable String id) {
        return routes.get(id);
    }

    @PostMapping("/{id}/{action:start|stop|suspend|resume}")
    @Operation(summary = "Start, stop (in-flight exchanges finish first), suspend or resume a route")
    RouteOperations.RouteView control(@PathVariable String id, @PathVariable String action) throws Exception {
        return routes.control(id, action, Actor.current());
    }

    /** A new cursor for a polling adapter: {@code position} null or blank starts it at its source's beginning. */
    record CursorReset(String position, String reason) {
    }

    @GetMapping("/{id}/cursor")
    @Operation(summary = "A polling adapter's cursor in its source")
    RouteOperations.CursorView cursor(@PathVariable String id) {
        return routes.cursor(id);
    }

    @PutMapping("/{id}/cursor")
    @Operation(summary = "Move a polling adapter's cursor (after its source refused the kept one: CURSOR_REJECTED)")
    RouteOperations.CursorView resetCursor(@PathVariable String id, @RequestBody CursorReset reset) {
        return routes.resetCursor(id, reset.position(), reset.reason(), Actor.current());
    }

    @GetMapping("/{id}/failed-files")
    @Operation(summary = "Files a file adapter could not read as a whole, kept sealed, with their reasons")
    List<FailedFiles.FailedFile> failedFiles(@PathVariable String id) {
        return routes.failedFiles(id);
    }

    @GetMapping(path = "/{id}/failed-files/{name}", produces = "application/octet-stream")
    @Operation(summary = "Open a failed file: its content as the department sent it (audited)")
    ResponseEntity<byte[]> openFailedFile(@PathVariable String id, @PathVariable String name) {
        return ResponseEntity.ok()
                .header("Content-Disposition", ContentDisposition.attachment()
                        .filename(name, StandardCharsets.UTF_8).build().toString())
                .body(routes.openFailedFile(id, name, Actor.current()));
    }

    @DeleteMapping("/{id}/failed-files/{name}")
    @Operation(summary = "Remove a failed file, with a reason (audited); answers the files still kept")
    List<FailedFiles.FailedFile> removeFailedFile(@PathVariable String id,
            @PathVariable String name, @RequestParam String reason) {
        routes.removeFailedFile(id, name, reason, Actor.current());
        return routes.failedFiles(id);
    }

    @GetMapping("/files")
    @Operation(summary = "The route files")
    List<String> fileNames() {
        return files.names();
    }

    @GetMapping("/files/{name}")
    @Operation(summary = "A route file's YAML and its kept versions")
    RouteFileView file(@PathVariable String name) {
        return new RouteFileView(name, files.content(name),
                files.versions(name).stream().map(RouteFiles.Version::version).toList());
    }

    @PostMapping(path = "/files/{name}/validate", consumes = { "application/yaml", "text/plain", "application/x-yaml" })
    @Operation(summary = "Validate a route file without activating it")
    RouteFiles.Validation validate(@PathVariable String name, @RequestBody String yaml) {
        return files.validate(name, yaml);
    }

    @PutMapping(path = "/files/{name}", consumes = { "application/yaml", "text/plain", "application/x-yaml" })
    @Operation(summary = "Add or replace a route file and activate it; rejected files change nothing")
    Map<String, Object> replace(@PathVariable String name, @RequestBody String yaml) {
        int version = files.replace(name, yaml, Actor.current());
        return Map.of("file", name, "version", version, "routes", files.validate(name, yaml).routeIds());
    }

    @PostMapping("/files/{name}/rollback")
    @Operation(summary = "Go back to the previous version of a route file")
    Map<String, Object> rollback(@PathVariable String name) {
        return Map.of("file", name, "version", files.rollback(name, Actor.current()));
    }

    @ExceptionHandler(RouteFiles.RejectedRouteFile.class)
    ProblemDetail rejected(RouteFiles.RejectedRouteFile e) {
        ProblemDetail problem = AdminProblems.problem(HttpStatus.BAD_REQUEST, "invalid-route", "Route file rejected",
                e.getMessage());
        problem.setProperty("problems", e.problems());
        return problem;
    }
}
