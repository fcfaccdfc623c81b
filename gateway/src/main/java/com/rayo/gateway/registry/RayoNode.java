package com.rayo.gateway.registry;

import java.util.concurrent.atomic.AtomicInteger;

import com.rayo.gateway.health.NodeHealth;
import com.rayo.protocol.rayo.NodeInfo;

/**
 * A Rayo node as its presence describes it, its health as the gateway's probes and dials
 * judge it, and the calls this gateway routes to it.
 */
public final class RayoNode {
    public enum Status { AVAILABLE, DRAINING }

    private final String domain;
    private volatile NodeInfo info;
    private volatile Status status;
    private final AtomicInteger activeCalls = new AtomicInteger();
    private final NodeHealth health;

    public RayoNode(String domain, NodeInfo info, Status status, NodeHealth health) {
        this.domain = domain;
        this.info = info;
        this.status = status;
        this.health = health;
    }

    public String domain() { return domain; }
    public NodeInfo info() { return info; }
    public String platform() { return info.platform(); }
    public int weight() { return info.weight(); }
    public int priority() { return info.priority(); }
    public Status status() { return status; }
    public NodeHealth health() { return health; }
    /** For the shared state and admins: the presence status when healthy, else the health state. */
    public String stateName() {
        var h = health.state();
        return h == com.rayo.gateway.health.NodeState.UP ? status.name() : h.name();
    }
    /** Available by its own presence, weighted, and healthy (up). */
    public boolean takesCalls() { return status == Status.AVAILABLE && info.weight() > 0 && health.takesCalls(); }
    /** Calls this gateway routed to the node. */
    public int activeCalls() { return activeCalls.get(); }
    /** The node's load: its own report when higher (calls of other gateways), else this gateway's count. */
    public int load() {
        Integer reported = info.activeCalls();
        return Math.max(activeCalls.get(), reported == null ? 0 : reported);
    }
    /** Capacity the node reports; 0 when unknown. */
    public int capacity() { return info.capacity() == null ? 0 : info.capacity(); }

    void update(NodeInfo info, Status status) {
        this.info = info;
        this.status = status;
    }

    public void callStarted() { activeCalls.incrementAndGet(); }
    public void callEnded() { activeCalls.updateAndGet(n -> Math.max(0, n - 1)); }

    @Override public String toString() {
        return domain + "[" + info.platform() + " w=" + info.weight() + " p=" + info.priority() + " " + status + "/" + health.state() + " calls=" + activeCalls + "]";
    }
}
