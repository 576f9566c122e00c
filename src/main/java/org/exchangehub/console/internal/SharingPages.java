package org.exchangehub.console.internal;

import java.security.Principal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.exchangehub.catalog.Catalog;
import org.exchangehub.catalog.CatalogEntry;
import org.exchangehub.catalog.SharingDecisions;
import org.exchangehub.catalog.SharingRequest;
import org.exchangehub.catalog.SharingRequestForm;
import org.exchangehub.catalog.SharingRequests;
import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.protect.FieldView;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The sharing catalog and its requests in the console: every person browses the catalog; a department's
 * DEPARTMENT_ADMIN previews and files requests from a resource's page; the requests list shows a department's people
 * their requests and those to answer (admins and auditors see all, with an overdue filter); a request's page lets
 * the provider's approvers approve (per field, narrower views allowed), reject, extend, and the parties revoke. The
 * catalog module decides who may do what; a refused form comes back as typed with the problem.
 */
@Controller
class SharingPages {

    private final Catalog catalog;
    private final SharingRequests requests;
    private final SharingDecisions decisions;

    SharingPages(Catalog catalog, SharingRequests requests, SharingDecisions decisions) {
        this.catalog = catalog;
        this.requests = requests;
        this.decisions = decisions;
    }

    @GetMapping("/console/catalog")
    String catalog(Model model) {
        model.addAttribute("entries", catalog.all());
        return "console/catalog";
    }

    @GetMapping("/console/catalog/{code}")
    String entry(@PathVariable String code, Model model) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("validUntil", LocalDate.now().plusMonths(6).toString());
        form.put("channelType", "WEBHOOK");
        return entryPage(listed(code), form, null, null, model);
    }

    /** Previews ({@code preview} button) or files a request from the resource's page. */
    @PostMapping("/console/catalog/{code}/request")
    String request(@PathVariable String code, @RequestParam Map<String, String> form,
            @RequestParam(required = false) String preview, Principal principal, Model model,
            RedirectAttributes redirect) {
        Catalog.Listed listed = listed(code);
        try {
            SharingRequestForm request = form(code, form,
                    listed.entry().kind() != CatalogEntry.Kind.RECORDS);
            if (preview != null) {
                form.remove("secret");
                return entryPage(listed, form, requests.preview(request), null, model);
            }
            SharingRequest filed = requests.submit(request, principal.getName());
            redirect.addFlashAttribute("done", List.of("share.filed", filed.id()));
            return "redirect:/console/requests/" + filed.id();
        } catch (IllegalArgumentException e) {
            form.remove("secret");
            return entryPage(listed, form, null, e.getMessage(), model);
        }
    }

    @GetMapping("/console/requests")
    String list(@RequestParam(required = false) String state, @RequestParam(defaultValue = "false") boolean overdue,
            Model model) {
        SharingRequest.State chosen = Arrays.stream(SharingRequest.State.values())
                .filter(s -> s.name().equals(state)).findFirst().orElse(null);
        model.addAttribute("requests", requests.list(chosen, overdue));
        model.addAttribute("state", chosen == null ? "" : chosen.name());
        model.addAttribute("overdue", overdue);
        model.addAttribute("states", SharingRequest.State.values());
        model.addAttribute("department", org.exchangehub.exchange.CallingDepartment.actingFor().orElse(""));
        return "console/requests";
    }

    @GetMapping("/console/requests/{id}")
    String request(@PathVariable String id, Model model) {
        return requestPage(found(id), null, model);
    }

    @PostMapping("/console/requests/{id}/{action:approve|reject|extend|revoke}")
    String act(@PathVariable String id, @PathVariable String action, @RequestParam Map<String, String> form,
            Principal principal, Model model, RedirectAttributes redirect) {
        SharingRequest request = found(id);
        String reason = blankToNull(form.get("reason"));
        try {
            switch (action) {
                case "approve" -> {
                    Map<String, FieldView> views = new LinkedHashMap<>();
                    form.forEach((key, value) -> {
                        if (key.startsWith("view.") && !value.isBlank()) {
                            views.put(key.substring(5), FieldView.valueOf(value));
                        }
                    });
                    decisions.approve(id, views, reason, principal.getName());
                }
                case "reject", "extend", "revoke" -> {
                    if (reason == null) {
                        return requestPage(request, "share.reasonRequired", model);
                    }
                    switch (action) {
                        case "reject" -> decisions.reject(id, reason, principal.getName());
                        case "extend" -> decisions.extend(id, reason, principal.getName());
                        default -> requests.revoke(id, reason, principal.getName());
                    }
                }
                default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            model.addAttribute("problem", e.getMessage());
            return requestPage(found(id), null, model);
        }
        redirect.addFlashAttribute("done", List.of("share.done." + action, id));
        return "redirect:/console/requests/" + id;
    }

    private String entryPage(Catalog.Listed listed, Map<String, String> form, Object preview, String problem,
            Model model) {
        CatalogEntry entry = listed.entry();
        model.addAttribute("listed", listed);
        model.addAttribute("form", form);
        model.addAttribute("preview", preview);
        model.addAttribute("problem", problem);
        model.addAttribute("channels", entry.channels());
        Map<String, List<FieldView>> choices = new LinkedHashMap<>();
        listed.items().stream().filter(item -> item.category() != null).forEach(item -> choices.put(item.name(),
                Arrays.stream(FieldView.values()).filter(v -> v != FieldView.OMIT)
                        .filter(v -> CatalogEntry.width(v) <= CatalogEntry.width(item.maxView())).toList()));
        model.addAttribute("choices", choices);
        return "console/catalog-entry";
    }

    private String requestPage(SharingRequest request, String error, Model model) {
        model.addAttribute("request", request);
        model.addAttribute("preview", requests.preview(request.id()));
        model.addAttribute("daysLeft", requests.workingDaysLeft(request));
        model.addAttribute("reasonError", error);
        Map<String, List<FieldView>> narrower = new LinkedHashMap<>();
        request.fields().stream().filter(f -> "WAITING".equals(f.status())).forEach(f -> narrower.put(f.name(),
                Arrays.stream(FieldView.values())
                        .filter(v -> CatalogEntry.width(v) <= CatalogEntry.width(f.requested())).toList()));
        model.addAttribute("narrower", narrower);
        String me = org.exchangehub.exchange.CallingDepartment.actingFor().orElse("");
        model.addAttribute("isProvider", me.equals(request.provider()));
        model.addAttribute("isRequester", me.equals(request.requester()));
        return "console/request";
    }

    private Catalog.Listed listed(String code) {
        return catalog.byCode(code).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no catalog resource"));
    }

    private SharingRequest found(String id) {
        try {
            return requests.get(id);
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no sharing request");
        }
    }

    /** The request of the resource's page; a service's (verification or query) has no channel. */
    private static SharingRequestForm form(String code, Map<String, String> form, boolean service) {
        Map<String, FieldView> fields = new LinkedHashMap<>();
        form.forEach((key, value) -> {
            if (key.startsWith("view.") && !value.isBlank() && !"OMIT".equals(value)) {
                fields.put(key.substring(5), FieldView.parse(value));
            }
        });
        LocalDate until;
        try {
            until = LocalDate.parse(form.getOrDefault("validUntil", ""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("validUntil: a date, e.g. 2027-06-30");
        }
        if (blankToNull(form.get("purpose")) == null || blankToNull(form.get("legalBasis")) == null) {
            throw new IllegalArgumentException("purpose and legalBasis are required");
        }
        DeliveryChannel.Type type = Arrays.stream(DeliveryChannel.Type.values())
                .filter(t -> t.name().equals(form.get("channelType"))).findFirst().orElse(DeliveryChannel.Type.WEBHOOK);
        return new SharingRequestForm(code, fields, form.get("purpose").strip(), form.get("legalBasis").strip(), until,
                service ? null : new DeliveryChannel(type, blankToNull(form.get("url")), null,
                        blankToNull(form.get("secret"))));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
