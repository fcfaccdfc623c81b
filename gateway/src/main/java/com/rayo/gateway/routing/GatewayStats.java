package com.rayo.gateway.routing;

import java.util.concurrent.atomic.AtomicLong;

/** This gateway's own counters (cluster-wide figures come from the store). */
public final class GatewayStats {
    public final AtomicLong messages = new AtomicLong();
    public final AtomicLong errors = new AtomicLong();
    public final AtomicLong dials = new AtomicLong();
    public final AtomicLong dialRetries = new AtomicLong();
    public final AtomicLong dialFailures = new AtomicLong();
    public final AtomicLong lateAnswersHungUp = new AtomicLong();
    public final AtomicLong offers = new AtomicLong();
    public final AtomicLong offersRefused = new AtomicLong();
    public final AtomicLong eventsDropped = new AtomicLong();
    public final AtomicLong callsEndedByNodeLoss = new AtomicLong();
    public final AtomicLong nodeStateChanges = new AtomicLong();
}
