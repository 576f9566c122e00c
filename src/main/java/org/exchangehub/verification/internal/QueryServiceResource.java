package org.exchangehub.verification.internal;

import org.exchangehub.exchange.CallingDepartment;
import org.exchangehub.verification.QueryServices;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Query services over HTTP for department systems (their API key): {@code POST /api/v1/services/{provider}/{service}}
 * with {@code purpose}, {@code caseReference} and {@code query} (fields of the service's record type to look for).
 * The answer is the provider's record in the caller's granted views. Unknown service 404, no grant 403, a bad query
 * 400 naming the field, over the grant's limits 429; the provider holding no record 404 ({@code NOT_ON_FILE}), failing
 * 503, slow 504, answering something else than a record of the type 502.
 */
@RestController
@RequestMapping("/api/v1/services")
@Tag(name = "Query services", description = "A provider's query services, answered through the hub in the granted"
        + " views (DEPARTMENT systems with a grant)")
class QueryServiceResource {

    private final QueryServices services;

    QueryServiceResource(QueryServices services) {
        this.services = services;
    }

    @PostMapping("/{provider}/{service}")
    @Operation(summary = "Call a provider's query service (purpose, caseReference, query)")
    QueryServices.Answer call(@PathVariable String provider, @PathVariable String service,
            @RequestBody(required = false) QueryServices.Query body) {
        String caller = CallingDepartment.current()
                .orElseThrow(() -> new AccessDeniedException("only a department's system calls query services"));
        return services.call(caller, provider, service, body);
    }
}
