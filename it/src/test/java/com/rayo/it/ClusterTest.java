package com.rayo.it;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jivesoftware.smack.packet.Stanza;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoClient;
import com.rayo.node.sim.SimulatedCallBackend;

/** One real Prosody, gateway and nodes per test class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    LocalCluster cluster;

    int nodes() { return 2; }
    String gatewayConfig() { return ""; }

    @BeforeAll void startCluster() throws Exception {
        cluster = LocalCluster.start(nodes(), System.getProperty("rayo.transport", "native"), gatewayConfig(), "");
    }

    @AfterAll void stopCluster() throws Exception {
        if (cluster != null) cluster.close();
    }

    SimulatedCallBackend sim(int node) {
        return (SimulatedCallBackend) cluster.node(node).backend();
    }

    /** Every stanza a client receives, as XML, to check what leaks. */
    static List<String> record(RayoClient c) {
        List<String> seen = new CopyOnWriteArrayList<>();
        c.connection().addStanzaListener(s -> seen.add(((Stanza) s).toXML().toString()), s -> true);
        return seen;
    }

    static void eventually(String what, java.util.function.BooleanSupplier cond, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + max.toMillis() + " ms: " + what);
            Thread.sleep(10);
        }
    }
}
