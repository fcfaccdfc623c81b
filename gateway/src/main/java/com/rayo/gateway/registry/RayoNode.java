package com.rayo.gateway.registry;

import java.util.concurrent.atomic.AtomicInteger;

import com.rayo.protocol.rayo.NodeInfo;

/** A Rayo node as its presence describes it, plus the calls this gateway routes to it. */
public final class RayoNode {
    public enum Status { AVAILABLE, DRAINING }

    private final String domain;
    private volatile NodeInfo info;
    private volatile Status status;
    private final AtomicInteger activeCalls = new AtomicInteger();

    public RayoNode(String domain, NodeInfo info, Status status) {
        this.domain = domain;
        this.info = info;
        this.status = status;
    }

    public String domain() { return domain; }
    public NodeInfo info() { return info; }
    public String platform() { return info.platform(); }
    public int weight() { return info.weight(); }
    public int priority() { return info.priority(); }
    public Status status() { return status; }
    public boolean takesCalls() { return status == Status.AVAILABLE && info.weight() > 0; }
    public int activeCalls() { return activeCalls.get(); }

    void update(NodeInfo info, Status status) {
        this.info = info;
        this.status = status;
    }

    public void callStarted() { activeCalls.incrementAndGet(); }
    public void callEnded() { activeCalls.updateAndGet(n -> Math.max(0, n - 1)); }

    @Override public String toString() {
        return domain + "[" + info.platform() + " w=" + info.weight() + " p=" + info.priority() + " " + status + " calls=" + activeCalls + "]";
    }
}
