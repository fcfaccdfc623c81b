package com.rayo.gateway.selection;

import java.util.List;

import com.rayo.gateway.registry.RayoNode;

/**
 * Chooses nodes for a dial. Returns an ordered plan: the first choice, then the
 * fallbacks a retry walks through. An empty plan means no node can take the call.
 */
public interface NodeSelector {
    List<RayoNode> plan(String platform, List<RayoNode> nodes);
}
