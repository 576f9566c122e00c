package org.exchangehub.console.internal;

import java.security.Principal;
import java.util.List;
import java.util.NoSuchElementException;

import org.exchangehub.admin.DepartmentKeys;
import org.exchangehub.admin.SubscriptionApprovals;
import org.exchangehub.exchange.CallingDepartment;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The second person's page: subscriptions awaiting the caller's approval because they disclose personal data
 * (approve, reject), and for a department's own people every API key issued in the department's name, with
 * revocation. The same services and audit events as the API.
 */
@Controller
@RequestMapping("/console/approvals")
class ApprovalPages {

    private final SubscriptionApprovals approvals;
    private final DepartmentKeys keys;

    ApprovalPages(SubscriptionApprovals approvals, DepartmentKeys keys) {
        this.approvals = approvals;
        this.keys = keys;
    }

    @GetMapping
    String page(Model model) {
        model.addAttribute("pending", approvals.pending());
        String department = CallingDepartment.actingFor().orElse(null);
        model.addAttribute("department", department);
        model.addAttribute("keys", department == null ? List.of() : keys.list(department));
        return "console/approvals";
    }

    @PostMapping("/subscriptions/{id}/{decision:approve|reject}")
    String decide(@PathVariable String id, @PathVariable String decision, Principal principal,
            RedirectAttributes redirect) {
        try {
            if ("approve".equals(decision)) {
                approvals.approve(id, principal.getName());
            } else {
                approvals.reject(id, principal.getName());
            }
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "nothing to decide");
        } catch (IllegalStateException e) {
            redirect.addFlashAttribute("failed", "approvals.ownProposal");
            return "redirect:/console/approvals";
        }
        redirect.addFlashAttribute("done", List.of("approvals." + decision + "d", id));
        return "redirect:/console/approvals";
    }

    @PostMapping("/keys/{keyId}/revoke")
    String revoke(@PathVariable String keyId, Principal principal, RedirectAttributes redirect) {
        String department = CallingDepartment.actingFor()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no department"));
        try {
            keys.revoke(department, keyId, principal.getName());
        } catch (NoSuchElementException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no such key");
        }
        redirect.addFlashAttribute("done", List.of("approvals.keyRevoked", keyId));
        return "redirect:/console/approvals";
    }
}
