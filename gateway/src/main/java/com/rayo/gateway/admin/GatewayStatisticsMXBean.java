package com.rayo.gateway.admin;

/**
 * {@code com.rayo.gateway:Type=GatewayStatistics}. Active counts are cluster-wide (the
 * store); totals, messages and errors are this gateway's own, as the wiki says, and the
 * Cluster* counts sum them over the gateways that are up.
 */
public interface GatewayStatisticsMXBean {
    long getActiveCallsCount();
    long getTotalCallsCount();
    long getActiveMixersCount();
    long getTotalMixersCount();
    long getActiveClientsCount();
    long getTotalClientsCount();
    long getTotalResourcesCount();
    long getActiveRayoNodesCount();
    long getMessagesCount();
    long getErrorsCount();
    /** MessagesCount summed over this gateway and every peer that is up (their last heartbeats, ≤ 0.5 s old). */
    long getClusterMessagesCount();
    /** ErrorsCount summed the same way. */
    long getClusterErrorsCount();
}
