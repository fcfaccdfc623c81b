package com.rayo.node;

import java.nio.file.Path;

import com.rayo.node.sim.SimulatedCallBackend;

/** {@code java … com.rayo.node.NodeMain [node.conf]}: one node agent on the simulated backend. */
public final class NodeMain {
    private NodeMain() {}

    public static NodeAgent start(NodeConfig c) {
        return new NodeAgent(c, new SimulatedCallBackend(c.ringDelay(), c.answerDelay(), c.noAnswerTimeout(), c.capacity()));
    }

    public static void main(String[] args) throws Exception {
        NodeAgent node = start(NodeConfig.load(args.length > 0 ? Path.of(args[0]) : null));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "node-shutdown"));
        Thread.currentThread().join();
    }
}
