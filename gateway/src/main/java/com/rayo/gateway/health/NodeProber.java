package com.rayo.gateway.health;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.gateway.registry.RayoNode;

/**
 * Pings every node whose health says a probe is due, and feeds the result back into
 * its state machine. Health is kept apart from selection: selection only asks
 * {@link NodeHealth#takesCalls()}. Transitions go to the listener (log, end calls).
 */
public final class NodeProber implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(NodeProber.class);

    /** Sends one ping and reports its result exactly once. */
    public interface Pinger {
        void ping(String nodeDomain, Consumer<ProbeResult> result);
    }

    /** Called on every state change, with the node and its state before. */
    public interface Listener extends BiConsumer<RayoNode, NodeState> { }

    private final Supplier<Iterable<RayoNode>> nodes;
    private final Pinger pinger;
    private final Listener listener;

    public NodeProber(Supplier<Iterable<RayoNode>> nodes, Pinger pinger, Listener listener) {
        this.nodes = nodes;
        this.pinger = pinger;
        this.listener = listener;
    }

    /** One round: called every few hundred milliseconds by the gateway's timer. */
    @Override public void run() {
        try {
            for (RayoNode n : nodes.get()) {
                NodeState before = n.health().state();
                boolean due = n.health().probeDue();
                report(n, before);
                if (due) pinger.ping(n.domain(), r -> {
                    NodeState b = r == ProbeResult.ANSWERED ? n.health().probeAnswered() : n.health().probeFailed(r == ProbeResult.UNREACHABLE);
                    if (r != ProbeResult.ANSWERED) log.debug("event=probe-failed node={} result={}", n.domain(), r);
                    report(n, b);
                });
            }
        } catch (RuntimeException e) {
            log.warn("event=probe-round-failed reason=\"{}\"", e.toString());
        }
    }

    private void report(RayoNode n, NodeState before) {
        NodeState now = n.health().state();
        if (now != before) listener.accept(n, before);
    }
}
