package com.rayo.gateway.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import com.rayo.protocol.StanzaError;

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
    private final Map<String, AtomicLong> errorsByCondition = new ConcurrentHashMap<>();
    private volatile LongConsumer dialLatency = n -> { };

    /** An error sent to an application or node (or passed on from a node), by its RFC 6120 condition. */
    public void error(StanzaError condition) {
        errors.incrementAndGet();
        errorsByCondition.computeIfAbsent(condition == null ? "unknown" : condition.condition(), k -> new AtomicLong()).incrementAndGet();
    }

    public Map<String, AtomicLong> errorsByCondition() { return errorsByCondition; }

    /** Where the time from a dial's arrival to its ref goes (the metrics histogram). */
    public void onDialLatency(LongConsumer listener) { dialLatency = listener; }

    void dialAnswered(long nanos) { dialLatency.accept(nanos); }
}
