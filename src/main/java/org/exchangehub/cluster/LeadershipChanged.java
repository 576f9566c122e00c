package org.exchangehub.cluster;

/**
 * This node became the cluster's leader ({@code leader} true) or stopped being it: the leader runs the polling
 * adapters and the cluster's sweeps, the others stand by.
 *
 * @param nodeId this node
 * @param leader whether it leads now
 */
public record LeadershipChanged(String nodeId, boolean leader) {
}
