package org.exchangehub.console.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** Sign-in, the console's entry and the page shown when a role may not open a page. */
@Controller
@RequestMapping("/console")
class ConsoleController {

    @GetMapping({ "", "/" })
    String entry() {
        return "redirect:/console/dashboard";
    }

    @GetMapping("/login")
    String login() {
        return "console/login";
    }

    /** Forwarded to with status 403 by the console's access-denied handler, from any method (a form post too). */
    @RequestMapping("/denied")
    String denied() {
        return "console/denied";
    }
}
