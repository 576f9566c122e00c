package org.exchangehub.console.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

import org.exchangehub.admin.routes.RouteFiles;
import org.exchangehub.admin.routes.RouteOperations;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The admin's route pages: every route with state and counters and start/stop/suspend/resume; a route file's
 * YAML, its kept versions, a new version typed or uploaded — validated first, and when rejected shown again with
 * the problems next to it while the running routes stay as they were — and rollback; a new route file.
 */
@Controller
@RequestMapping("/console/routes")
class RoutePages {

    private static final Pattern FILE_NAME = Pattern
            .compile("[a-z0-9]+(-[a-z0-9]+)*\\.camel\\.yaml");

    private final RouteOperations routes;
    private final RouteFiles files;

    RoutePages(RouteOperations routes, RouteFiles files) {
        this.routes = routes;
        this.files = files;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("routes", routes.list());
        model.addAttribute("files", files.names());
        return "console/routes";
    }

    @PostMapping("/{id}/{action}")
    String control(@PathVariable String id, @PathVariable String action, Principal principal,
            RedirectAttributes redirect) throws Exception {
        try {
            RouteOperations.RouteView route = routes.control(id, action, principal.getName());
            redirect.addFlashAttribute("done", List.of("routes.done", id, route.state()));
        } catch (NoSuchElementException | IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no route or action");
        }
        return "redirect:/console/routes";
    }

    @GetMapping("/files/{name}")
    String file(@PathVariable String name, Model model) {
        String content;
        try {
            content = files.content(name);
        } catch (NoSuchElementException | IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no route file");
        }
        return filePage(name, content, List.of(), model);
    }

    @GetMapping("/new")
    String newFile(Model model) {
        model.addAttribute("creating", true);
        return filePage("", "", List.of(), model);
    }

    /**
     * A new version: the text of the form, or the uploaded file when one is given. Rejected versions come back with
     * their problems and the text as it was sent, so nothing typed is lost.
     */
    @PostMapping("/files")
    String save(@RequestParam String name, @RequestParam(defaultValue = "") String yaml,
            @RequestParam(required = false) MultipartFile upload, @RequestParam(defaultValue = "false") boolean creating,
            Principal principal, Model model, RedirectAttributes redirect) throws IOException {
        String text = yaml;
        if (upload != null && !upload.isEmpty()) {
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(upload.getBytes()))
                        .toString();
            } catch (CharacterCodingException e) {
                model.addAttribute("creating", creating);
                return filePage(name, yaml, List.of("the uploaded file is not UTF-8 text"), model);
            }
        }
        if (creating && files.names().contains(name)) {
            model.addAttribute("creating", true);
            return filePage(name, text, List.of("a route file named " + name + " exists already"), model);
        }
        try {
            int version = files.replace(name, text, principal.getName());
            redirect.addFlashAttribute("done", List.of("routes.saved", name, String.valueOf(version)));
            return "redirect:/console/routes/files/" + name;
        } catch (RouteFiles.RejectedRouteFile e) {
            model.addAttribute("creating", creating);
            return filePage(name, text, e.problems(), model);
        }
    }

    @PostMapping("/files/{name}/rollback")
    String rollback(@PathVariable String name, Principal principal, RedirectAttributes redirect) {
        if (!FILE_NAME.matcher(name).matches()) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no route file");
        }
        try {
            int version = files.rollback(name, principal.getName());
            redirect.addFlashAttribute("done", List.of("routes.rolledBack", name, String.valueOf(version)));
        } catch (IllegalStateException | IllegalArgumentException | RouteFiles.RejectedRouteFile e) {
            redirect.addFlashAttribute("failed", "routes.rollbackFailed");
        }
        return "redirect:/console/routes/files/" + name;
    }

    private String filePage(String name, String content, List<String> problems, Model model) {
        model.addAttribute("name", name);
        model.addAttribute("content", content);
        model.addAttribute("problems", problems);
        model.addAttribute("versions", files.versions(name).stream().map(RouteFiles.Version::version).toList());
        model.addAttribute("routesOfFile", routes.list().stream().filter(r -> name.equals(r.file())).toList());
        return "console/route-file";
    }
}
