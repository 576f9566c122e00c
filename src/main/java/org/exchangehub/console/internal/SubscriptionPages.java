package org.exchangehub.console.internal;

import java.security.Principal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.exchangehub.exchange.DeliveryChannel;
import org.exchangehub.exchange.Departments;
import org.exchangehub.exchange.Subscription;
import org.exchangehub.exchange.SubscriptionFilter;
import org.exchangehub.exchange.Subscriptions;
import org.exchangehub.exchange.VersionedSubscription;
import org.exchangehub.protect.FieldView;
import org.exchangehub.schema.CanonicalSchemas;
import org.exchangehub.schema.PiiAnnotations;
import org.exchangehub.schema.PiiField;
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
 * The admin's subscription pages: every subscription with state and version, pause/resume/delete; a form to
 * create or change one with purpose, legal basis, channel, filter and a view per PII field of the record type's
 * schema (each field shown with its PII category; a field without a view is omitted, deny by default). A refused
 * form comes back as typed with each problem next to its field; nothing is changed then.
 */
@Controller
@RequestMapping("/console/subscriptions")
class SubscriptionPages {

    private final Subscriptions subscriptions;
    private final Departments departments;
    private final CanonicalSchemas schemas;
    private final Validator validator;

    SubscriptionPages(Subscriptions subscriptions, Departments departments, CanonicalSchemas schemas,
            Validator validator) {
        this.subscriptions = subscriptions;
        this.departments = departments;
        this.schemas = schemas;
        this.validator = validator;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("subscriptions", subscriptions.allVersioned());
        return "console/subscriptions";
    }

    /** The form for a new subscription; with what was typed so far when the record type was just chosen. */
    @GetMapping("/new")
    String create(@RequestParam Map<String, String> typed, Model model) {
        Map<String, String> form = new LinkedHashMap<>(typed);
        form.remove("secret");
        form.putIfAbsent("channelType", "WEBHOOK");
        return formPage(form, true, Map.of(), model);
    }

    @GetMapping("/{id}")
    String edit(@PathVariable String id, Model model) {
        VersionedSubscription versioned = subscriptions.versioned(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no subscription"));
        if (Subscriptions.GRANT.equals(versioned.origin())) {
            // granted by a sharing request: it changes only through the request
            return "redirect:/console/requests/" + id;
        }
        Subscription s = versioned.subscription();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("id", s.id());
        form.put("subscriber", s.subscriber());
        form.put("recordType", s.recordType());
        form.put("purpose", s.purpose());
        form.put("legalBasis", s.legalBasis());
        form.put("channelType", s.channel().type().name());
        form.put("url", s.channel().url());
        form.put("directory", s.channel().directory());
        form.put("divisionPrefix", s.filter().divisionPrefix());
        form.put("filterField", s.filter().field());
        form.put("filterValues", s.filter().values() == null ? "" : String.join(",", s.filter().values()));
        s.views().forEach((field, view) -> form.put("view." + field, view.name()));
        model.addAttribute("versioned", versioned);
        model.addAttribute("history", subscriptions.history(id));
        return formPage(form, false, Map.of(), model);
    }

    @PostMapping
    String save(@RequestParam Map<String, String> form, @RequestParam(defaultValue = "false") boolean creating,
            Principal principal, Model model, RedirectAttributes redirect) {
        Map<String, String> errors = new LinkedHashMap<>();
        Subscription subscription = subscription(form);
        validator.validate(subscription).forEach(violation -> errors.putIfAbsent(
                field(violation.getPropertyPath().toString()), "sub.error." + field(violation.getPropertyPath().toString())));
        var existing = subscriptions.versioned(subscription.id() == null ? "" : subscription.id());
        if (creating && existing.isPresent()) {
            errors.put("id", "sub.error.exists");
        }
        if (!creating && existing.isEmpty()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no subscription");
        }
        if (errors.isEmpty()) {
            Subscription next = !creating && isBlank(form.get("secret"))
                    ? subscription.withSecret(existing.get().subscription().channel().secret()) : subscription;
            try {
                boolean pending = subscriptions.put(next, principal.getName()).state()
                        == Subscriptions.State.PENDING_APPROVAL;
                redirect.addFlashAttribute("done", List.of(pending ? "sub.savedPending" : "sub.saved", subscription.id()));
                return "redirect:/console/subscriptions";
            } catch (IllegalStateException e) {
                errors.put("id", "sub.error.granted");
            } catch (IllegalArgumentException e) {
                for (String problem : e.getMessage().substring(e.getMessage().indexOf(':') + 1).split("; ")) {
                    String field = ruleField(problem.strip());
                    errors.putIfAbsent(field, "sub.error." + field);
                }
            }
        }
        existing.ifPresent(versioned -> {
            model.addAttribute("versioned", versioned);
            model.addAttribute("history", subscriptions.history(versioned.subscription().id()));
        });
        form.remove("secret");
        return formPage(form, creating, errors, model);
    }

    @PostMapping("/{id}/{action}")
    String control(@PathVariable String id, @PathVariable String action, Principal principal,
            RedirectAttributes redirect) {
        try {
            switch (action) {
                case "pause" -> subscriptions.pause(id, principal.getName());
                case "resume" -> subscriptions.resume(id, principal.getName());
                case "delete" -> {
                    subscriptions.versioned(id).orElseThrow();
                    subscriptions.remove(id, principal.getName());
                }
                default -> throw new NoSuchElementException(action);
            }
        } catch (IllegalStateException e) {
            redirect.addFlashAttribute("failed", "sub.granted");
            return "redirect:/console/subscriptions";
        } catch (NoSuchElementException | IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no subscription or action");
        }
        redirect.addFlashAttribute("done", List.of("sub." + action + "d", id));
        return "redirect:/console/subscriptions";
    }

    private String formPage(Map<String, String> form, boolean creating, Map<String, String> errors, Model model) {
        String recordType = form.getOrDefault("recordType", "");
        List<PiiField> pii = schemas.forRecordType(recordType).map(s -> PiiAnnotations.of(s.schema()))
                .orElse(List.of());
        model.addAttribute("form", form);
        model.addAttribute("creating", creating);
        model.addAttribute("errors", errors);
        model.addAttribute("recordTypes", schemas.recordTypes());
        model.addAttribute("departments", departments.all());
        model.addAttribute("piiFields", pii);
        model.addAttribute("views", FieldView.values());
        model.addAttribute("channelTypes", DeliveryChannel.Type.values());
        return "console/subscription";
    }

    private static Subscription subscription(Map<String, String> form) {
        Map<String, FieldView> views = new LinkedHashMap<>();
        form.forEach((key, value) -> {
            if (key.startsWith("view.") && !isBlank(value) && !"OMIT".equals(value)) {
                views.put(key.substring(5), FieldView.parse(value));
            }
        });
        DeliveryChannel.Type type = Arrays.stream(DeliveryChannel.Type.values())
                .filter(t -> t.name().equals(form.get("channelType"))).findFirst().orElse(DeliveryChannel.Type.WEBHOOK);
        List<String> values = isBlank(form.get("filterValues")) ? List.of()
                : Arrays.stream(form.get("filterValues").split(",")).map(String::strip).filter(v -> !v.isEmpty())
                        .toList();
        SubscriptionFilter filter = new SubscriptionFilter(blankToNull(form.get("divisionPrefix")), List.of(),
                blankToNull(form.get("filterField")), values);
        return new Subscription(blankToNull(form.get("id")), blankToNull(form.get("subscriber")),
                blankToNull(form.get("recordType")), blankToNull(form.get("purpose")),
                blankToNull(form.get("legalBasis")), filter, views, new DeliveryChannel(type,
                        blankToNull(form.get("url")), null, blankToNull(form.get("secret")),
                        blankToNull(form.get("directory")), null));
    }

    /** The form field a bean-validation path belongs to. */
    private static String field(String path) {
        return path.startsWith("channel") ? "url" : path.startsWith("filter") ? "filterField" : path;
    }

    /** The form field a rule problem of {@code Subscriptions.put} is about. */
    private static String ruleField(String problem) {
        if (problem.startsWith("subscriber")) {
            return "subscriber";
        }
        if (problem.startsWith("record-type")) {
            return "recordType";
        }
        if (problem.startsWith("views")) {
            return "views";
        }
        if (problem.startsWith("channel.directory") || problem.startsWith("channel.encoding")) {
            return "directory";
        }
        return problem.startsWith("channel") ? "url" : "form";
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return isBlank(value) ? null : value.strip();
    }
}
