package com.rayo.gateway.routing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.gateway.health.NodeProber;
import com.rayo.gateway.health.NodeState;
import com.rayo.gateway.registry.RayoNode;

/**
 * What a node's state change means for routing: it is logged and written to the shared
 * state, and a node going down has its calls ended for their owners.
 */
public final class HealthTransitions implements NodeProber.Listener {
    private static final Logger log = LoggerFactory.getLogger(HealthTransitions.class);
    private final RoutingContext ctx;
    private final CallTerminator terminator;

    public HealthTransitions(RoutingContext ctx, CallTerminator terminator) {
        this.ctx = ctx;
        this.terminator = terminator;
    }

    @Override public void accept(RayoNode node, NodeState before) {
        NodeState now = node.health().state();
        if (now == NodeState.UP) log.info("event=node-state node={} from={} to={}", node.domain(), before, now);
        else log.warn("event=node-state node={} from={} to={}", node.domain(), before, now);
        ctx.stats().nodeStateChanges.incrementAndGet();
        ctx.nodes().changed(node);
        if (now == NodeState.DOWN) terminator.nodeDown(node, "the Rayo node stopped answering (" + before + " -> DOWN)");
    }
}
