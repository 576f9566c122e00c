package org.exchangehub.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.cluster.*}: whether this hub is one of several nodes on one database, and who it is among them.
 *
 * @param enabled   true when several hub nodes share the database (PostgreSQL): leadership and locks go through
 *                  the database's {@code cluster_lock} table; false (default): this node alone, always the leader
 * @param nodeId    this node's name, unique in the cluster: lowercase letters, digits and dashes, at most 32
 *                  (default {@code node-1}); the lock registry and the logs name the leader by it
 * @param leaseTime how long a lock (leadership, a subscription's delivery) outlives a node that stopped renewing it:
 *                  after a node dies, another takes over its work within this time (default 30s)
 * @param heartbeat how often the leader renews its leadership and the others try to take it (default 2s)
 * @param watchEvery how often a node checks whether another node changed shared configuration (subscriptions,
 *                   departments, catalog grants) and reloads it (default 1s)
 */
@ConfigurationProperties("hub.cluster")
public record ClusterProperties(@DefaultValue("false") boolean enabled, @DefaultValue("node-1") String nodeId,
        @DefaultValue("30s") Duration leaseTime, @DefaultValue("2s") Duration heartbeat,
        @DefaultValue("1s") Duration watchEvery) {

    public ClusterProperties {
        if (nodeId == null || !nodeId.matches("[a-z0-9][a-z0-9-]{0,31}")) {
            throw new IllegalArgumentException("hub.cluster.node-id: '" + nodeId + "' is not a node name (lowercase"
                    + " letters, digits and dashes, at most 32, starting with a letter or digit)");
        }
        if (heartbeat.compareTo(leaseTime) >= 0) {
            throw new IllegalArgumentException("hub.cluster.heartbeat (" + heartbeat + ") must be shorter than"
                    + " hub.cluster.lease-time (" + leaseTime + ")");
        }
    }
}
