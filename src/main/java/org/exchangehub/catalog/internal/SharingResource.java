package org.exchangehub.catalog.internal;

import java.util.List;
import java.util.Map;

import org.exchangehub.catalog.SharingDecisions;
import org.exchangehub.catalog.SharingPreview;
import org.exchangehub.catalog.SharingRequest;
import org.exchangehub.catalog.SharingRequestForm;
import org.exchangehub.catalog.SharingRequests;
import org.exchangehub.protect.FieldView;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Sharing requests (共享申请): departments request and preview, the provider's approvers decide, either party
 * revokes, admins and auditors read everything. Department-level checks (whose request, which provider) are made by
 * {@link SharingRequests} and {@link SharingDecisions}; a request another department cannot see is 404 to it.
 */
@RestController
@RequestMapping("/api/v1/sharing-requests")
@Tag(name = "Sharing requests", description = "Conditional sharing: request, preview, approve, reject, extend, revoke")
class SharingResource {

    /** An approval: narrower views per field (OMIT refuses a field), and an optional comment. */
    record Approval(Map<String, FieldView> views, @Size(max = 2000) String comment) {
    }

    /** A rejection, extension or revocation: the reason is required. */
    record Reason(@NotBlank @Size(max = 2000) String reason) {
    }

    private final SharingRequests requests;
    private final SharingDecisions decisions;

    SharingResource(SharingRequests requests, SharingDecisions decisions) {
        this.requests = requests;
        this.decisions = decisions;
    }

    @GetMapping
    @Operation(summary = "Requests the caller may see (its department's, or all for ADMIN and AUDITOR), newest first")
    List<SharingRequest> list(@RequestParam(required = false) SharingRequest.State state,
            @RequestParam(defaultValue = "false") boolean overdue) {
        return requests.list(state, overdue);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Request a catalog resource for the calling department (DEPARTMENT system or DEPARTMENT_ADMIN)")
    SharingRequest submit(@Valid @RequestBody SharingRequestForm body) {
        return requests.submit(body, CatalogResource.actor());
    }

    @PostMapping("/preview")
    @Operation(summary = "What a request would receive: schema, views and a masked sample record; nothing is stored")
    SharingPreview preview(@Valid @RequestBody SharingRequestForm body) {
        return requests.preview(body);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One request")
    SharingRequest get(@PathVariable String id) {
        return requests.get(id);
    }

    @GetMapping("/{id}/preview")
    @Operation(summary = "What a request would receive with the views it asked for")
    SharingPreview previewOf(@PathVariable String id) {
        return requests.preview(id);
    }

    @PostMapping("/{id}/approve")
    @Operation(summary = "Approve a pending request, optionally with narrower views (provider's APPROVER or DEPARTMENT_ADMIN)")
    SharingRequest approve(@PathVariable String id, @Valid @RequestBody(required = false) Approval body) {
        return decisions.approve(id, body == null ? null : body.views(), body == null ? null : body.comment(),
                CatalogResource.actor());
    }

    @PostMapping("/{id}/reject")
    @Operation(summary = "Reject a pending request with a reason (provider's APPROVER or DEPARTMENT_ADMIN)")
    SharingRequest reject(@PathVariable String id, @Valid @RequestBody Reason body) {
        return decisions.reject(id, body.reason(), CatalogResource.actor());
    }

    @PostMapping("/{id}/extend")
    @Operation(summary = "Extend a pending request's deadline once, with a reason (provider's APPROVER or DEPARTMENT_ADMIN)")
    SharingRequest extend(@PathVariable String id, @Valid @RequestBody Reason body) {
        return decisions.extend(id, body.reason(), CatalogResource.actor());
    }

    @PostMapping("/{id}/revoke")
    @Operation(summary = "Revoke a request or its grant (provider's approvers, or the requester): nothing more flows")
    SharingRequest revoke(@PathVariable String id, @Valid @RequestBody Reason body) {
        return requests.revoke(id, body.reason(), CatalogResource.actor());
    }
}
