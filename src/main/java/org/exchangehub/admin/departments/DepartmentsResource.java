package org.exchangehub.admin.departments;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

import org.exchangehub.admin.ClientCertificates;
import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.admin.web.Actor;
import org.exchangehub.exchange.Department;
import org.exchangehub.exchange.Departments;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Departments for admins: create, list, update, disable and enable (never delete: the journal and the audit log
 * refer to them), their API keys (the key is in the answer to its creation only) and client certificates, and the
 * public key their SEALED fields are sealed to. Every change is an audit event with the admin's name.
 */
@RestController
@RequestMapping("/api/v1/admin/departments")
@Tag(name = "Admin: departments", description = "Departments, their API keys, certificates and sealing keys (ADMIN)")
class DepartmentsResource {

    /** A department as the admin API shows it. */
    record DepartmentView(String code, String nameZh, String nameEn, String divisionCode, boolean enabled,
            String sealingPublicKey, int version) {
    }

    /** Body of a create. */
    record NewDepartment(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{0,63}") String code,
            @NotBlank @Size(max = 200) String nameZh, @NotBlank @Size(max = 200) String nameEn,
            @Pattern(regexp = "\\d{6}") String divisionCode) {
    }

    /** Body of an update. */
    record DepartmentUpdate(@NotBlank @Size(max = 200) String nameZh, @NotBlank @Size(max = 200) String nameEn,
            @Pattern(regexp = "\\d{6}") String divisionCode) {
    }

    /** Body registering a sealing public key (PEM, SM2 or P-256); null removes it. */
    record SealingKey(@Size(max = 4000) String publicKeyPem) {
    }

    /** Body of a key request. */
    record KeyRequest(@Size(max = 200) String label, @Min(1) @Max(1830) Integer validityDays) {
    }

    /** Body registering a client certificate (PEM). */
    record CertificateRequest(@NotBlank @Size(max = 8000) String certificatePem) {
    }

    private final Departments departments;
    private final DepartmentKeys keys;
    private final ClientCertificates certificates;
    private final Duration defaultValidity;

    DepartmentsResource(Departments departments, DepartmentKeys keys, ClientCertificates certificates,
            org.exchangehub.admin.security.SecurityProperties security) {
        this.departments = departments;
        this.keys = keys;
        this.certificates = certificates;
        this.defaultValidity = security.keyValidity();
    }

    @GetMapping
    @Operation(summary = "List departments")
    List<DepartmentView> list() {
        return departments.all().stream().map(this::view).toList();
    }

    @GetMapping("/{code}")
    @Operation(summary = "One department")
    DepartmentView get(@PathVariable String code) {
        return view(department(code));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a department (enabled, without keys)")
    DepartmentView create(@Valid @RequestBody NewDepartment body) {
        return view(departments.create(new Department(body.code(), body.nameZh(), body.nameEn(), body.divisionCode(),
                null, true), Actor.current()));
    }

    @PutMapping("/{code}")
    @Operation(summary = "Update names and division code")
    DepartmentView update(@PathVariable String code, @Valid @RequestBody DepartmentUpdate body) {
        Department current = department(code);
        return view(departments.update(new Department(code, body.nameZh(), body.nameEn(), body.divisionCode(),
                current.sealingPublicKey(), current.enabled()), "UPDATED", Actor.current()));
    }

    @PostMapping("/{code}/disable")
    @Operation(summary = "Disable: its credentials are refused and deliveries to it held")
    DepartmentView disable(@PathVariable String code) {
        return view(departments.update(department(code).withEnabled(false), "DISABLED", Actor.current()));
    }

    @PostMapping("/{code}/enable")
    @Operation(summary = "Enable a disabled department")
    DepartmentView enable(@PathVariable String code) {
        return view(departments.update(department(code).withEnabled(true), "ENABLED", Actor.current()));
    }

    @PutMapping("/{code}/sealing-key")
    @Operation(summary = "Register (or with null remove) the public key SEALED fields are sealed to")
    DepartmentView sealingKey(@PathVariable String code, @Valid @RequestBody SealingKey body) {
        String pem = body.publicKeyPem() == null || body.publicKeyPem().isBlank() ? null : body.publicKeyPem();
        return view(departments.update(department(code).withSealingPublicKey(pem), "SEALING_KEY", Actor.current()));
    }

    @GetMapping("/{code}/api-keys")
    @Operation(summary = "The department's API keys (ids and status, never the keys)")
    List<DepartmentKeys.KeyInfo> keys(@PathVariable String code) {
        department(code);
        return keys.list(code);
    }

    @PostMapping("/{code}/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue an API key; the key is in this answer only")
    DepartmentKeys.IssuedKey issue(@PathVariable String code, @Valid @RequestBody(required = false) KeyRequest body) {
        Duration validity = body == null || body.validityDays() == null ? defaultValidity
                : Duration.ofDays(body.validityDays());
        return keys.issue(code, body == null ? null : body.label(), validity, Actor.current());
    }

    @DeleteMapping("/{code}/api-keys/{keyId}")
    @Operation(summary = "Revoke an API key at once")
    DepartmentKeys.KeyInfo revoke(@PathVariable String code, @PathVariable String keyId) {
        return keys.revoke(code, keyId, Actor.current());
    }

    @GetMapping("/{code}/certificates")
    @Operation(summary = "The department's client certificates (mTLS)")
    List<ClientCertificates.Registered> certificates(@PathVariable String code) {
        department(code);
        return certificates.list(code);
    }

    @PostMapping("/{code}/certificates")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a client certificate for the department")
    ClientCertificates.Registered register(@PathVariable String code, @Valid @RequestBody CertificateRequest body) {
        return certificates.register(code, body.certificatePem(), Actor.current());
    }

    @DeleteMapping("/{code}/certificates/{fingerprint}")
    @Operation(summary = "Revoke a client certificate")
    ClientCertificates.Registered revokeCertificate(@PathVariable String code, @PathVariable String fingerprint) {
        return certificates.revoke(code, fingerprint, Actor.current());
    }

    private Department department(String code) {
        return departments.byCode(code).orElseThrow(() -> new NoSuchElementException("no department '" + code + "'"));
    }

    private DepartmentView view(Department department) {
        return new DepartmentView(department.code(), department.nameZh(), department.nameEn(),
                department.divisionCode(), department.enabled(), department.sealingPublicKey(),
                departments.version(department.code()));
    }
}
