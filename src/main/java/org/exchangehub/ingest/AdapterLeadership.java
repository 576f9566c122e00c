package org.exchangehub.ingest;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.exchangehub.cluster.Leadership;
import org.exchangehub.cluster.LeadershipChanged;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * In a cluster, the adapters that poll a source — routes consuming from a timer, a scheduler, a directory, an FTP
 * server or a database — run on the leader only, so that each source record is taken by one node: those that would
 * start with the hub (an adapter switched off stays off) start when this node becomes the leader instead, and stop
 * when it no longer is. Routes that wait for what
 * others send, and {@code hub-status} (this node's own summary line), run on every node. A single node is always the
 * leader and leaves every route alone. On the other nodes such a route's state is {@code STANDBY} (health, the routes
 * API), and the routes API refuses to start it there.
 */
@Component
public class AdapterLeadership implements RoutePolicyFactory {

    private static final Logger log = LoggerFactory.getLogger(AdapterLeadership.class);
    private static final Set<String> POLLING = Set.of("timer", "scheduler", "cron", "quartz", "file", "ftp", "ftps",
            "sftp", "sql", "jdbc");
    private static final Set<String> EVERY_NODE = Set.of("hub-status");
    /** The state of a route that runs on another node of the cluster, the leader. */
    public static final String STANDBY = "STANDBY";

    private final Leadership leadership;
    private final Set<String> leaderOnly = ConcurrentHashMap.newKeySet();
    private volatile CamelContext camel;

    AdapterLeadership(Leadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext context, String routeId, NamedNode route) {
        if (!leadership.clustered()) {
            return null;
        }
        camel = context;
        return new RoutePolicySupport() {
            @Override
            public void onInit(Route route) {
                if (polls(route) && !Boolean.FALSE.equals(route.isAutoStartup())) {
                    leaderOnly.add(route.getRouteId());
                    // a route added while this node leads starts at once; at boot none leads yet
                    route.setAutoStartup(leadership.isLeader());
                }
            }

            @Override
            public void onRemove(Route route) {
                leaderOnly.remove(route.getRouteId());
            }
        };
    }

    /**
     * Whether a route stands by on this node: it polls a source, this node is one of a cluster and another node
     * leads, so the route runs there and must not be started here.
     */
    public boolean standsBy(String routeId) {
        return leadership.clustered() && !leadership.isLeader() && leaderOnly.contains(routeId);
    }

    /** Whether this route polls a source (and so runs on the leader only). */
    static boolean polls(Route route) {
        String uri = route.getEndpoint().getEndpointUri();
        String scheme = uri.contains(":") ? uri.substring(0, uri.indexOf(':')) : uri;
        return POLLING.contains(scheme) && !EVERY_NODE.contains(route.getRouteId());
    }

    @EventListener
    void on(LeadershipChanged change) {
        CamelContext context = camel;
        if (context == null) {
            return;
        }
        for (String routeId : leaderOnly) {
            try {
                if (change.leader()) {
                    context.getRouteController().startRoute(routeId);
                } else {
                    context.getRouteController().stopRoute(routeId, 10, TimeUnit.SECONDS);
                }
            } catch (Exception e) {
                log.warn("Adapter {} could not be {} on leadership change: {}", routeId,
                        change.leader() ? "started" : "stopped", e.getClass().getSimpleName());
            }
        }
        log.info("Node {} {} {} polling adapters", change.nodeId(), change.leader() ? "started" : "stopped",
                leaderOnly.size());
    }
}
