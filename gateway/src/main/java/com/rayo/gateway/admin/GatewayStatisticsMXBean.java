package com.rayo.gateway.admin;

/**
 * {@code com.rayo.gateway:Type=GatewayStatistics}. Active counts are cluster-wide (the
 * store); totals, messages and errors are this gateway's own, as the wiki says.
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
}
