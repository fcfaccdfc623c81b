package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/**
 * Graceful drain under dial load: a drained node takes no new calls (its presence says away), the
 * calls it has may finish and are still controlled, the rest end with a reason at the drain timeout,
 * and not one dial fails meanwhile — by an admin operation, and by SIGTERM to the node's process.
 */
class DrainTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    /** Dials in a loop from a few threads (each call up ~150 ms) until stopped; counts failures and where calls landed. */
    static final class Load implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger dials = new AtomicInteger(), failures = new AtomicInteger();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final ConcurrentHashMap<String, Long> landedAfter = new ConcurrentHashMap<>();
        volatile long markNanos = Long.MAX_VALUE;
        final List<Thread> threads = new CopyOnWriteArrayList<>();

        Load(LocalCluster cluster, RayoClient client, int count) {
            for (int i = 0; i < count; i++) {
                Thread t = new Thread(() -> dialLoop(cluster, client), "drain-load-" + i);
                threads.add(t);
                t.start();
            }
        }

        private void dialLoop(LocalCluster cluster, RayoClient client) {
            while (running.get()) {
                try {
                    long started = System.nanoTime();
                    RayoCall c = client.dial("sip:load@example.com", null);
                    dials.incrementAndGet();
                    var record = cluster.gateway().calls().find(c.id());
                    String node = record == null ? "?" : record.nodeDomain();
                    if (started > markNanos) landedAfter.merge(node, 1L, Long::sum);
                    if (c.awaitSignal(Signal.Type.ANSWERED, WAIT) == null) throw new IllegalStateException("no answer on " + node);
                    Thread.sleep(150);
                    c.hangup();
                } catch (Exception e) {
                    failures.incrementAndGet();
                    errors.add(e.toString());
                }
            }
        }

        /** From now on, count where calls land. */
        void mark() { markNanos = System.nanoTime(); }

        @Override public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) t.join(15_000);
        }
    }

    /** A call answered on {@code node} (dials until one lands there). */
    static RayoCall callOn(LocalCluster cluster, RayoClient client, String node) throws Exception {
        for (int i = 0; i < 40; i++) {
            RayoCall c = client.dial("sip:long@example.com", null);
            assertNotNull(c.awaitSignal(Signal.Type.ANSWERED, WAIT));
            if (cluster.gateway().calls().find(c.id()).nodeDomain().equals(node)) return c;
            c.hangup();
        }
        throw new AssertionError("no call landed on " + node);
    }

    static void eventually(String what, java.util.function.BooleanSupplier cond) throws InterruptedException {
        ClusterTest.eventually(what, cond, WAIT);
    }

    @Test void anAdminDrainMovesNewCallsAwayLetsCallsFinishThenEndsTheRestAndNoDialFails() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(2, "native", "", "")) {
            RayoClient app = cluster.client("demo", "drain");
            RayoCall stays = callOn(cluster, app, "node1.localhost");
            RayoCall leaves = callOn(cluster, app, "node1.localhost");
            Load load = new Load(cluster, cluster.client("demo", "drain-load"), 4);
            try (load) {
                Thread.sleep(500);
                String reply = cluster.gateway().admin().drainNode("node1.localhost", 3);
                assertTrue(reply.startsWith("draining node1.localhost"), reply);
                long drainedAt = System.nanoTime();
                RayoNode node1 = cluster.gateway().nodes().find("node1.localhost");
                eventually("the node's presence says away: the gateway sends it no new calls", () -> node1.status() == RayoNode.Status.DRAINING);
                load.mark();
                leaves.hangup();
                assertNotNull(leaves.await(End.class, WAIT), "a call on the draining node is still controlled");
                End end = stays.await(End.class, Duration.ofSeconds(8));
                long ms = (System.nanoTime() - drainedAt) / 1_000_000;
                assertNotNull(end, "the call still up at the drain timeout ends");
                assertEquals(End.Reason.ERROR, end.reason());
                assertTrue(end.errorText().contains("drained"), end.errorText());
                assertTrue(ms >= 2800 && ms < 6000, "at the 3 s drain timeout: " + ms + " ms");
                assertEquals(null, load.landedAfter.get("node1.localhost"), "no new call on the draining node: " + load.landedAfter);
                assertTrue(load.landedAfter.getOrDefault("node2.localhost", 0L) > 0, "new calls went to the other node: " + load.landedAfter);

                cluster.gateway().admin().resumeNode("node1.localhost");
                eventually("resumed: its presence says chat again", () -> node1.status() == RayoNode.Status.AVAILABLE);
                Thread.sleep(500);
            }
            assertEquals(0, load.failures.get(), "not one of " + load.dials.get() + " dials failed: " + load.errors);
            assertTrue(load.dials.get() > 20, "under load: " + load.dials.get() + " dials");
        }
    }

    @Test void sigtermDrainsTheNodeThenItLeaves() throws Exception {
        try (LocalCluster cluster = LocalCluster.startWithNodeProcesses(2, "", "rayo.node.drain-timeout = 2s\n")) {
            RayoClient app = cluster.client("demo", "sigterm");
            RayoCall stays = callOn(cluster, app, "node1.localhost");
            Load load = new Load(cluster, cluster.client("demo", "sigterm-load"), 4);
            try (load) {
                Thread.sleep(500);
                long t0 = System.nanoTime();
                Process node1 = cluster.nodeProcess(1);
                node1.destroy(); // SIGTERM
                RayoNode n = cluster.gateway().nodes().find("node1.localhost");
                eventually("SIGTERM: the node says away at once", () -> n == null || n.status() == RayoNode.Status.DRAINING);
                load.mark();
                End end = stays.await(End.class, Duration.ofSeconds(8));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertNotNull(end, "the call still up ends at the drain timeout");
                assertTrue(end.errorText() != null && end.errorText().contains("drained"), String.valueOf(end.errorText()));
                assertTrue(ms >= 1800, "not before the 2 s drain timeout: " + ms + " ms");
                assertTrue(node1.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "then the process exits");
                eventually("and the gateway forgets it", () -> cluster.gateway().nodes().find("node1.localhost") == null);
                Thread.sleep(500);
            }
            assertEquals(0, load.failures.get(), "not one of " + load.dials.get() + " dials failed: " + load.errors);
            assertEquals(null, load.landedAfter.get("node1.localhost"), "no new call on the draining node: " + load.landedAfter);
        }
    }
}
