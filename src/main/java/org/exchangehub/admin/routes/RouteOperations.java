package org.exchangehub.admin.routes;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.file.FileEndpoint;
import org.exchangehub.audit.AuditAction;
import org.exchangehub.audit.AuditEntry;
import org.exchangehub.audit.AuditLog;
import org.exchangehub.ingest.AdapterCursors;
import org.exchangehub.ingest.AdapterLeadership;
import org.exchangehub.ingest.FailedFiles;
import org.springframework.stereotype.Service;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The running Camel routes for admins (REST API and console): each with its state, source file and counters since
 * the hub started; start, stop (in-flight exchanges finish first, up to 30 s), suspend and resume, each audited.
 */
@Service
public class RouteOperations {

    /** The actions on a route. */
    public static final List<String> ACTIONS = List.of("start", "stop", "suspend", "resume");

    /** A route, its state and what it has done since the hub started. */
    public record RouteView(String id, String description, String state, String file, long exchangesTotal,
            long exchangesFailed, int inflight, long uptimeMillis) {
    }

    private final CamelContext camel;
    private final MeterRegistry meters;
    private final AuditLog audit;
    private final AdapterCursors cursors;
    private final FailedFiles failedFiles;
    private final AdapterLeadership placement;

    RouteOperations(CamelContext camel, MeterRegistry meters, AuditLog audit, AdapterCursors cursors,
            FailedFiles failedFiles, AdapterLeadership placement) {
        this.camel = camel;
        this.placement = placement;
        this.meters = meters;
        this.audit = audit;
        this.cursors = cursors;
        this.failedFiles = failedFiles;
    }

    /**
     * The files a file adapter could not read as a whole, kept sealed ({@link FailedFiles}).
     *
     * @throws NoSuchElementException when there is no such route or it does not read files
     */
    public List<FailedFiles.FailedFile> failedFiles(String id) {
        return failedFiles.list(inbox(id));
    }

    /** A failed file's content as the department sent it, opened for {@code actor}: audited. */
    public byte[] openFailedFile(String id, String name, String actor) {
        byte[] content = failedFiles.open(inbox(id), name);
        audit.append(AuditEntry.of(actor, AuditAction.ADMIN_CHANGE, "OK", "route " + id + " failed file '" + name + "' OPENED"));
        return content;
    }

    /** Removes a failed file (it was fixed and sent again, or is not wanted): audited with the reason. */
    public void removeFailedFile(String id, String name, String reason, String actor) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: say why the file is removed");
        }
        failedFiles.remove(inbox(id), name);
        audit.append(AuditEntry.of(actor, AuditAction.ADMIN_CHANGE, "OK", "route " + id + " failed file '" + name
                + "' REMOVED: " + reason.strip()));
    }

    /**
     * Removes the sealed failed files of every file adapter that failed before {@code before}, each audited as the
     * hub's retention; answers how many.
     */
    public int removeFailedFilesBefore(Instant before, String retention) {
        int removed = 0;
        for (Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof FileEndpoint) {
                for (FailedFiles.FailedFile file : failedFiles(route.getRouteId())) {
                    if (file.failedAt().isBefore(before)) {
                        removeFailedFile(route.getRouteId(), file.name(), "kept " + retention
                                + " (hub.routes.failed-file-retention)", "hub");
                        removed++;
                    }
                }
            }
        }
        return removed;
    }

    private Path inbox(String id) {
        if (route(id).getEndpoint() instanceof FileEndpoint files) {
            return files.getFile().toPath().toAbsolutePath();
        }
        throw new NoSuchElementException("route '" + id + "' does not read files");
    }

    /** A polling adapter's kept position in its source (null: none yet, the adapter starts at its beginning). */
    public record CursorView(String route, String position) {
    }

    /**
     * The route's cursor in its source.
     *
     * @throws NoSuchElementException when there is no such route
     */
    public CursorView cursor(String id) {
        route(id);
        return new CursorView(id, cursors.get(id, null));
    }

    /**
     * Moves a polling adapter's cursor, as {@code actor}, for {@code reason} — after its source refused the one kept
     * (condition {@code CURSOR_REJECTED}): to {@code position}, or with null or blank back to the source's
     * beginning. Audited with both positions; the next poll reads from there.
     *
     * @throws NoSuchElementException   when there is no such route
     * @throws IllegalArgumentException without a reason, or for a position over 500 characters
     */
    public CursorView resetCursor(String id, String position, String reason, String actor) {
        route(id);
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("reason: say why the cursor is moved");
        }
        if (position != null && position.length() > 500) {
            throw new IllegalArgumentException("position: at most 500 characters");
        }
        String before = cursors.reset(id, position);
        String after = position == null || position.isBlank() ? null : position;
        audit.append(AuditEntry.of(actor, AuditAction.ADMIN_CHANGE, "OK", "route " + id + " cursor RESET from "
                + (before == null ? "(none)" : "'" + before + "'") + " to " + (after == null ? "(the beginning)"
                        : "'" + after + "'") + ": " + reason.strip()));
        return new CursorView(id, after);
    }

    /** Every route, by id. */
    public List<RouteView> list() {
        return camel.getRoutes().stream().map(this::view).sorted(Comparator.comparing(RouteView::id)).toList();
    }

    /**
     * One route.
     *
     * @throws NoSuchElementException when there is none of that id
     */
    public RouteView get(String id) {
        return view(route(id));
    }

    /**
     * Starts, stops, suspends or resumes a route, as {@code actor}.
     *
     * @throws NoSuchElementException   when there is no such route
     * @throws IllegalArgumentException for another action
     * @throws IllegalStateException    to start or resume a route that stands by for the cluster's leader
     */
    public RouteView control(String id, String action, String actor) throws Exception {
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("action: one of " + ACTIONS);
        }
        route(id);
        if ((action.equals("start") || action.equals("resume")) && placement.standsBy(id)) {
            throw new IllegalStateException("route " + id + " polls a source and runs on the cluster's leader only;"
                    + " this node stands by: start it on the leader");
        }
        var controller = camel.getRouteController();
        switch (action) {
            case "start" -> controller.startRoute(id);
            case "stop" -> controller.stopRoute(id, 30, TimeUnit.SECONDS);
            case "suspend" -> controller.suspendRoute(id);
            default -> controller.resumeRoute(id);
        }
        audit.append(AuditEntry.of(actor, AuditAction.ADMIN_CHANGE, "OK", "route " + id + " " + action.toUpperCase()));
        return view(route(id));
    }

    private Route route(String id) {
        Route route = camel.getRoute(id);
        if (route == null) {
            throw new NoSuchElementException("no route '" + id + "'");
        }
        return route;
    }

    private RouteView view(Route route) {
        String id = route.getRouteId();
        return new RouteView(id, route.getDescription(), placement.standsBy(id) ? AdapterLeadership.STANDBY
                : camel.getRouteController().getRouteStatus(id).name(),
                RouteFiles.fileOf(route), count("camel.exchanges.total", id), count("camel.exchanges.failed", id),
                camel.getInflightRepository().size(id), route.getUptimeMillis());
    }

    private long count(String meter, String routeId) {
        var counter = meters.find(meter).tag("routeId", routeId).counter();
        return counter == null ? 0 : (long) counter.count();
    }
}
