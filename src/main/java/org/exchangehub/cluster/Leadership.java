package org.exchangehub.cluster;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.integration.leader.AbstractCandidate;
import org.springframework.integration.leader.Context;
import org.springframework.integration.support.leader.LockRegistryLeaderInitiator;
import org.springframework.integration.support.locks.LockRegistry;

import jakarta.annotation.PreDestroy;

/**
 * Whether this node is the cluster's leader: the node that runs the polling adapters and the cluster's sweeps (care
 * watch, sharing-request expiry), so that each runs once per cluster. A single node is always the leader. In a
 * cluster the nodes compete for one lock of the JDBC lock registry through Spring Integration's
 * {@link LockRegistryLeaderInitiator}: the leader renews it every {@code hub.cluster.heartbeat}; when the leader dies
 * (or loses its database) the lock expires after {@code hub.cluster.lease-time} and another node takes it.
 *
 * <p>The competition starts once the application is ready (the adapters' Camel routes exist, stopped) and every
 * change is published as {@link LeadershipChanged}.
 */
public class Leadership {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);
    static final String ROLE = "exchange-hub-leader";

    private final ClusterProperties properties;
    private final ApplicationEventPublisher events;
    private final LockRegistryLeaderInitiator initiator;
    private volatile boolean leader;

    Leadership(ClusterProperties properties, LockRegistry locks, ApplicationEventPublisher events) {
        this.properties = properties;
        this.events = events;
        this.leader = !properties.enabled();
        if (properties.enabled()) {
            initiator = new LockRegistryLeaderInitiator(locks, new Candidate());
            initiator.setHeartBeatMillis(properties.heartbeat().toMillis());
            initiator.setBusyWaitMillis(Math.min(properties.heartbeat().toMillis(), 500));
            initiator.setAutoStartup(false);
        } else {
            initiator = null;
        }
    }

    /** Whether this node leads now (a single node always does). */
    public boolean isLeader() {
        return leader;
    }

    /** Whether this node is one of several on a shared database. */
    public boolean clustered() {
        return properties.enabled();
    }

    /** This node's name ({@code hub.cluster.node-id}). */
    public String nodeId() {
        return properties.nodeId();
    }

    @EventListener(ApplicationReadyEvent.class)
    void compete() {
        if (initiator != null && !initiator.isRunning()) {
            log.info("Node {} competes for the cluster's leadership", properties.nodeId());
            initiator.start();
        }
    }

    @PreDestroy
    void retire() {
        if (initiator != null && initiator.isRunning()) {
            initiator.stop();
        }
    }

    private final class Candidate extends AbstractCandidate {

        Candidate() {
            super(properties.nodeId(), ROLE);
        }

        @Override
        public void onGranted(Context context) {
            leader = true;
            log.info("Node {} leads the cluster: it runs the polling adapters and the sweeps", properties.nodeId());
            events.publishEvent(new LeadershipChanged(properties.nodeId(), true));
        }

        @Override
        public void onRevoked(Context context) {
            leader = false;
            log.info("Node {} no longer leads the cluster", properties.nodeId());
            events.publishEvent(new LeadershipChanged(properties.nodeId(), false));
        }
    }
}
