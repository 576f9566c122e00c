package org.exchangehub.console.internal;

import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.exchange.Department;
import org.exchangehub.exchange.Departments;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.validation.Validator;

/**
 * The admin's department pages: departments with their state; create one; change its names, division code and
 * sealing key; disable or enable it; its API keys — issue one (the key is on that one answer only, never stored in
 * the session or shown again) and revoke. Refused forms come back as typed with the problem next to the field.
 */
@Controller
@RequestMapping("/console/departments")
class DepartmentPages {

    private final Departments departments;
    private final DepartmentKeys keys;
    private final Validator validator;

    DepartmentPages(Departments departments, DepartmentKeys keys, Validator validator) {
        this.departments = departments;
        this.keys = keys;
        this.validator = validator;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("departments", departments.all());
        return "console/departments";
    }

    @GetMapping("/new")
    String create(Model model) {
        return page(null, Map.of(), Map.of(), model);
    }

    @GetMapping("/{code}")
    String edit(@PathVariable String code, Model model) {
        return page(department(code), Map.of(), Map.of(), model);
    }

    @PostMapping
    String save(@RequestParam Map<String, String> form, @RequestParam(defaultValue = "false") boolean creating,
            Principal principal, Model model, RedirectAttributes redirect) {
        Department existing = creating ? null : department(form.getOrDefault("code", ""));
        Department department = new Department(blankToNull(form.get("code")), blankToNull(form.get("nameZh")),
                blankToNull(form.get("nameEn")), blankToNull(form.get("divisionCode")),
                blankToNull(form.get("sealingPublicKey")), existing == null || !Boolean.FALSE.equals(existing.enabled()));
        Map<String, String> errors = new LinkedHashMap<>();
        validator.validate(department).forEach(v -> errors.putIfAbsent(v.getPropertyPath().toString(),
                "dept.error." + v.getPropertyPath()));
        if (errors.isEmpty()) {
            try {
                if (creating) {
                    departments.create(department, principal.getName());
                } else {
                    departments.update(department, "UPDATED", principal.getName());
                }
                redirect.addFlashAttribute("done", List.of("dept.saved", department.code()));
                return "redirect:/console/departments/" + department.code();
            } catch (IllegalArgumentException e) {
                errors.put(e.getMessage().contains("exists") ? "code" : "sealingPublicKey",
                        e.getMessage().contains("exists") ? "dept.error.exists" : "dept.error.sealingPublicKey");
            }
        }
        return page(existing, form, errors, model);
    }

    @PostMapping("/{code}/{action:disable|enable}")
    String toggle(@PathVariable String code, @PathVariable String action, Principal principal,
            RedirectAttributes redirect) {
        Department department = department(code);
        departments.update(department.withEnabled(action.equals("enable")), action.toUpperCase() + "D",
                principal.getName());
        redirect.addFlashAttribute("done", List.of("dept." + action + "d", code));
        return "redirect:/console/departments/" + code;
    }

    /** Issues a key and shows it on this answer only: a redirect would have to keep it in the session. */
    @PostMapping("/{code}/api-keys")
    String issue(@PathVariable String code, @RequestParam(defaultValue = "") String label,
            @RequestParam(defaultValue = "365") String validityDays, Principal principal, Model model) {
        Department department = department(code);
        try {
            long days = Long.parseLong(validityDays.strip());
            model.addAttribute("issued", keys.issue(code, label.isBlank() ? null : label.strip(), Duration.ofDays(days),
                    principal.getName()));
            return page(department, Map.of(), Map.of(), model);
        } catch (IllegalArgumentException e) {
            return page(department, Map.of(), Map.of("validityDays", "dept.error.validityDays"), model);
        }
    }

    @PostMapping("/{code}/api-keys/{keyId}/revoke")
    String revoke(@PathVariable String code, @PathVariable String keyId, Principal principal,
            RedirectAttributes redirect) {
        try {
            keys.revoke(code, keyId, principal.getName());
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such key");
        }
        redirect.addFlashAttribute("done", List.of("dept.revoked", keyId));
        return "redirect:/console/departments/" + code;
    }

    private String page(Department department, Map<String, String> typed, Map<String, String> errors, Model model) {
        Map<String, String> form = new LinkedHashMap<>();
        if (department != null) {
            form.put("code", department.code());
            form.put("nameZh", department.nameZh());
            form.put("nameEn", department.nameEn());
            form.put("divisionCode", department.divisionCode());
            form.put("sealingPublicKey", department.sealingPublicKey());
        }
        form.putAll(typed);
        model.addAttribute("form", form);
        model.addAttribute("department", department);
        model.addAttribute("creating", department == null);
        model.addAttribute("errors", errors);
        model.addAttribute("apiKeys", department == null ? List.of() : keys.list(department.code()));
        return "console/department";
    }

    private Department department(String code) {
        return departments.byCode(code)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no department"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
