package com.rayo.gateway.admin;

import com.rayo.gateway.health.NodeState;
import com.rayo.gateway.registry.ApplicationRegistry;
import com.rayo.gateway.registry.CallRegistry;
import com.rayo.gateway.registry.MixerRegistry;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.gateway.routing.GatewayStats;

/** The GatewayStatistics MBean. */
public final class GatewayStatisticsBean implements GatewayStatisticsMXBean {
    private final ClusterViews views;
    private final ApplicationRegistry applications;
    private final NodeRegistry nodes;
    private final CallRegistry calls;
    private final MixerRegistry mixers;
    private final GatewayStats stats;
    private final java.util.function.Supplier<java.util.List<com.rayo.gateway.cluster.Peer>> peers;

    public GatewayStatisticsBean(ClusterViews views, ApplicationRegistry applications, NodeRegistry nodes, CallRegistry calls, MixerRegistry mixers, GatewayStats stats,
                                 java.util.function.Supplier<java.util.List<com.rayo.gateway.cluster.Peer>> peers) {
        this.peers = peers;
        this.views = views;
        this.applications = applications;
        this.nodes = nodes;
        this.calls = calls;
        this.mixers = mixers;
        this.stats = stats;
    }

    @Override public long getActiveCallsCount() { return views.activeCallsCount(); }
    @Override public long getTotalCallsCount() { return calls.totalCount(); }
    @Override public long getActiveMixersCount() { return views.activeMixersCount(); }
    /** Mixers this gateway created since it started (as TotalCallsCount counts its calls). */
    @Override public long getTotalMixersCount() { return mixers.totalCount(); }
    @Override public long getActiveClientsCount() { return views.activeClientsCount(); }
    @Override public long getTotalClientsCount() { return applications.everConnectedApplications(); }
    @Override public long getTotalResourcesCount() { return applications.everConnectedResources(); }
    @Override public long getActiveRayoNodesCount() { return nodes.all().stream().filter(n -> n.health().state() == NodeState.UP).count(); }
    @Override public long getMessagesCount() { return stats.messages.get(); }
    @Override public long getErrorsCount() { return stats.errors.get(); }
    @Override public long getClusterMessagesCount() { return getMessagesCount() + othersUp().mapToLong(com.rayo.gateway.cluster.Peer::messages).sum(); }
    @Override public long getClusterErrorsCount() { return getErrorsCount() + othersUp().mapToLong(com.rayo.gateway.cluster.Peer::errors).sum(); }

    /** Peers other than this gateway (whose own counts are live) that are up. */
    private java.util.stream.Stream<com.rayo.gateway.cluster.Peer> othersUp() {
        return peers.get().stream().filter(p -> !p.self() && p.state() == com.rayo.gateway.cluster.PeerState.UP);
    }
}
