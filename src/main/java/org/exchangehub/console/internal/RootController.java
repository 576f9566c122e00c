package org.exchangehub.console.internal;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The hub's address opened in a browser goes to the console (its sign-in page when nobody is signed in), not to the
 * API's HTTP Basic prompt. The site icon is a static file ({@code static/favicon.ico}); both are open to anyone.
 */
@Controller
class RootController {

    @GetMapping("/")
    String root() {
        return "redirect:/console/dashboard";
    }
}
