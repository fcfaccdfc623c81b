package com.rayo.gateway.mixers;

import java.util.List;

import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.NodeRegistry;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.gateway.selection.NodeSelector;

/**
 * Where a new mixer lives: a node the dial rules would choose for the application (its platform,
 * healthy, not draining, by priority, weight and load) — and, among those, the node of the call that
 * creates it, so a room's first caller needs no trunk (and a room on one node none at all).
 */
public final class MixerPlacement {
    private final NodeSelector selector;
    private final NodeRegistry nodes;

    public MixerPlacement(NodeSelector selector, NodeRegistry nodes) {
        this.selector = selector;
        this.nodes = nodes;
    }

    /** The node for the application's new mixer, first joined by {@code first}; null when no node may take it. */
    public String choose(Application app, CallRecord first) {
        List<RayoNode> plan = selector.plan(app.platform(), nodes.all());
        for (RayoNode n : plan) if (n.domain().equals(first.nodeDomain())) return n.domain();
        return plan.isEmpty() ? null : plan.get(0).domain();
    }
}
