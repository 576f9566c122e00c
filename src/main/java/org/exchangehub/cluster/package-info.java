/**
 * Several hub nodes on one database: the node's identity, leadership (the one node that runs the polling adapters
 * and the cluster's sweeps), named locks (one node delivers to a subscription at a time) and the signal that shared
 * configuration changed. Built on Spring Integration's JDBC lock registry and its lock-based leader initiator; a
 * single node ({@code hub.cluster.enabled=false}) is always the leader and locks within its own process.
 */
@ApplicationModule(displayName = "Cluster")
package org.exchangehub.cluster;

import org.springframework.modulith.ApplicationModule;
