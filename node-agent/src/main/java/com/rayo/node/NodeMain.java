package com.rayo.node;

import java.nio.file.Path;

import com.rayo.component.Secrets;
import com.rayo.node.backend.CallBackend;
import com.rayo.node.sim.SimulatedCallBackend;
import com.rayo.node.sip.SipCallBackend;
import com.rayo.node.verbs.VerbRuntime;

/** {@code java … com.rayo.node.NodeMain [node.conf]}: one node agent on the backend its config names (simulated or sip). */
public final class NodeMain {
    private NodeMain() {}

    public static NodeAgent start(NodeConfig c) {
        return new NodeAgent(c, backend(c));
    }

    static CallBackend backend(NodeConfig c) {
        return switch (c.backend()) {
            case "sip" -> new SipCallBackend(c.sip(), c.capacity(), c.domain(), c.verbs());
            default -> new SimulatedCallBackend(c.ringDelay(), c.answerDelay(), c.noAnswerTimeout(), c.capacity(), verbs(c));
        };
    }

    private static VerbRuntime verbs(NodeConfig c) {
        try {
            return new VerbRuntime(c.verbs(), c.domain());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("node " + c.domain() + ": recordings server could not start: " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) throws Exception {
        Path file = args.length > 0 ? Path.of(args[0]) : null;
        NodeConfig config = NodeConfig.load(file);
        Secrets.warnIfExposed(file);
        NodeAgent node = start(config);
        // SIGTERM drains: no new calls, the calls up finish (up to drain-timeout), then the node leaves.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> node.drainAndClose(config.drainTimeout()), "node-shutdown"));
        Thread.currentThread().join();
    }
}
