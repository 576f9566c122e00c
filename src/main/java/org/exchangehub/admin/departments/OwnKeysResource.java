package org.exchangehub.admin.departments;

import java.util.List;
import java.util.NoSuchElementException;

import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.admin.web.Actor;
import org.exchangehub.exchange.CallingDepartment;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * A department's own people see every API key issued in its name — by whom, when, for how long, whether used —
 * and can revoke one at once: an admin who issues himself a department's key to read its feed is seen by the
 * department and stopped by it (APPROVER, DEPARTMENT_ADMIN of that department; another department's keys answer 404,
 * as unknown ones do). Revocations are audited like the admin's.
 */
@RestController
@RequestMapping("/api/v1/departments/{code}/api-keys")
@Tag(name = "Departments: own API keys", description = "A department's keys, for its APPROVER and DEPARTMENT_ADMIN")
class OwnKeysResource {

    private final DepartmentKeys keys;

    OwnKeysResource(DepartmentKeys keys) {
        this.keys = keys;
    }

    @GetMapping
    @Operation(summary = "The department's API keys: who issued each, when, validity, last use (never the keys)")
    List<DepartmentKeys.KeyInfo> keys(@PathVariable String code) {
        return keys.list(own(code));
    }

    @DeleteMapping("/{keyId}")
    @Operation(summary = "Revoke one of the department's API keys at once")
    DepartmentKeys.KeyInfo revoke(@PathVariable String code, @PathVariable String keyId) {
        return keys.revoke(own(code), keyId, Actor.current());
    }

    private static String own(String code) {
        if (!CallingDepartment.actingFor().filter(code::equals).isPresent()) {
            throw new NoSuchElementException("no department '" + code + "' that you act for");
        }
        return code;
    }
}
