package org.exchangehub.console.internal;

import java.security.Principal;
import java.util.List;

import org.exchangehub.protect.KeyManagement;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The security officer's key page: master keys (which is current, which still wrap data keys) and data keys
 * (purpose, record type, category, period, wrapping master key) — metadata only, never key material; rotate the
 * data keys, rotate the master key (every data key rewrapped), retire a master key nothing depends on. Each step is a
 * key audit event.
 */
@Controller
@RequestMapping("/console/keys")
class KeyPages {

    private final KeyManagement keys;

    KeyPages(KeyManagement keys) {
        this.keys = keys;
    }

    @GetMapping
    String keys(Model model) {
        model.addAttribute("masterKeys", keys.masterKeys());
        model.addAttribute("dataKeys", keys.dataKeys());
        return "console/keys";
    }

    @PostMapping("/data/rotate")
    String rotateData(Principal principal, RedirectAttributes redirect) {
        List<String> created = keys.rotateDataKeys(principal.getName());
        redirect.addFlashAttribute("done", List.of("keys.dataRotated", String.valueOf(created.size())));
        return "redirect:/console/keys";
    }

    @PostMapping("/master/rotate")
    String rotateMaster(Principal principal, RedirectAttributes redirect) {
        redirect.addFlashAttribute("done", List.of("keys.masterRotated", keys.rotateMasterKey(principal.getName())));
        return "redirect:/console/keys";
    }

    @PostMapping("/master/{id}/retire")
    String retire(@PathVariable String id, Principal principal, RedirectAttributes redirect) {
        try {
            keys.retireMasterKey(id, principal.getName());
            redirect.addFlashAttribute("done", List.of("keys.retired", id));
        } catch (IllegalArgumentException | IllegalStateException e) {
            redirect.addFlashAttribute("failed", "keys.inUse");
        }
        return "redirect:/console/keys";
    }
}
