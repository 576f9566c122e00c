package org.exchangehub.console.internal;

import java.util.Map;

import org.exchangehub.catalog.SharingRequest;
import org.exchangehub.catalog.SharingRequests;
import org.exchangehub.exchange.CallingDepartment;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * The dashboard page (with the sharing requests overdue or waiting for the signed-in department); its panel (counts, adapters, backlog) as an htmx fragment that refreshes itself every
 * {@code hub.console.refresh}; and the chart's series as JSON.
 */
@Controller
@RequestMapping("/console/dashboard")
class DashboardController {

    private final Dashboard dashboard;
    private final ConsoleProperties properties;
    private final SharingRequests requests;

    DashboardController(Dashboard dashboard, ConsoleProperties properties, SharingRequests requests) {
        this.dashboard = dashboard;
        this.properties = properties;
        this.requests = requests;
    }

    @GetMapping
    String page(@RequestParam(defaultValue = "hour") String range, Model model) {
        panelModel(range, model);
        return "console/dashboard";
    }

    @GetMapping("/panel")
    String panel(@RequestParam(defaultValue = "hour") String range, Model model) {
        panelModel(range, model);
        return "console/dashboard :: panel";
    }

    @GetMapping(path = "/series", produces = "application/json")
    @ResponseBody
    Map<String, Object> series(@RequestParam(defaultValue = "hour") String range) {
        Dashboard.Series series = dashboard.series(Dashboard.Range.of(range));
        return Map.of("labels", series.labels(), "received", series.received(), "quarantined", series.quarantined(),
                "delivered", series.delivered(), "deadLettered", series.deadLettered());
    }

    private void panelModel(String range, Model model) {
        model.addAttribute("snapshot", dashboard.snapshot(Dashboard.Range.of(range)));
        model.addAttribute("range", Dashboard.Range.of(range).name().toLowerCase());
        model.addAttribute("refreshSeconds", Math.max(2, properties.refresh().toSeconds()));
        model.addAttribute("zone", properties.timeZone());
        // sharing requests past their deadline (all for admins and auditors, else those to or from one's department)
        // and, for a department's people, those waiting for its answer
        model.addAttribute("overdueRequests", requests.overdueCount());
        String department = CallingDepartment.actingFor().orElse(null);
        model.addAttribute("requestsToAnswer", department == null ? 0 : requests.list(SharingRequest.State.PENDING, false)
                .stream().filter(r -> r.provider().equals(department)).count());
    }
}
