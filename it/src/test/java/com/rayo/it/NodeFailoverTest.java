package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.gateway.health.NodeState;
import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/** Three node agents in JVMs of their own: kill -9 one under load, kill -STOP another and resume it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeFailoverTest {
    static final Duration WAIT = Duration.ofSeconds(5);
    LocalCluster cluster;

    @BeforeAll void start() throws Exception {
        cluster = LocalCluster.startWithNodeProcesses(3, "rayo.gateway.selection.slow-start = 0s\n",
                "rayo.node.simulated.ring-delay = 0ms\nrayo.node.simulated.answer-delay = 0ms\n");
    }

    @AfterAll void stop() throws Exception {
        if (cluster != null) cluster.close();
    }

    RayoNode node(int i) { return cluster.gateway().nodes().find(com.rayo.cli.ClusterLayout.nodeDomain(i)); }

    /** Dial, wait for answered, hang up, over and over on several resources; counts dials refused or unanswered. */
    final class Load implements AutoCloseable {
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger ok = new AtomicInteger(), failed = new AtomicInteger(), lost = new AtomicInteger();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Thread> threads = new ArrayList<>();

        Load(List<RayoClient> clients) {
            for (RayoClient c : clients) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        RayoCall call;
                        try {
                            call = c.dial("sip:load@example.com", null);
                        } catch (Exception e) {
                            failed.incrementAndGet(); // the dial itself was refused or timed out
                            failures.add(e.toString());
                            continue;
                        }
                        ok.incrementAndGet();
                        // A call caught on the killed node ends with an error instead: that is node loss, not a failed dial.
                        try {
                            if (call.awaitSignal(Signal.Type.ANSWERED, WAIT) != null) call.hangup();
                        } catch (Exception e) {
                            lost.incrementAndGet();
                        }
                    }
                });
                t.start();
                threads.add(t);
            }
        }

        @Override public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) t.join(15_000);
        }
    }

    List<RayoClient> clients(String prefix, int n) throws Exception {
        List<RayoClient> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(cluster.client("demo", prefix + i));
        return out;
    }

    @Test void killDashNineOfANodeUnderLoadFailsNoDialAndEndsItsCallsWithinThreeSeconds() throws Exception {
        RayoClient holder = cluster.client("demo", "holder");
        List<RayoCall> onNode2 = new ArrayList<>();
        for (int i = 0; i < 60 && onNode2.size() < 2; i++) {
            RayoCall c = holder.dial("sip:held@example.com", null);
            assertNotNull(c.awaitSignal(Signal.Type.ANSWERED, WAIT));
            if (cluster.gateway().calls().find(c.id()).nodeDomain().equals(com.rayo.cli.ClusterLayout.nodeDomain(2))) onNode2.add(c);
        }
        assertEquals(2, onNode2.size(), "calls held on node2");
        try (Load load = new Load(clients("k9-", 4))) {
            Thread.sleep(1500);
            int before = load.ok.get();
            long t0 = System.nanoTime();
            cluster.nodeProcess(2).destroyForcibly(); // SIGKILL: no unavailable presence, no goodbye
            for (RayoCall c : onNode2) {
                End end = c.await(End.class, Duration.ofSeconds(3).minusNanos(System.nanoTime() - t0));
                assertNotNull(end, "the owner of " + c.id() + " learns within 3 s that its call ended");
                assertEquals(End.Reason.ERROR, end.reason());
            }
            assertEquals(NodeState.DOWN, node(2).health().state());
            assertEquals(List.of(), cluster.gateway().calls().onNode(com.rayo.cli.ClusterLayout.nodeDomain(2)), "its calls are gone from the state");
            Thread.sleep(2000);
            load.close();
            assertEquals(0, load.failed.get(), "failed dials: " + load.failures);
            assertTrue(load.ok.get() > before, "dials went on after the kill");
        }
    }

    @Test void aStoppedNodeIsDetectedAndAvoidedThenProbedBackWhenResumed() throws Exception {
        long pid = cluster.nodeProcess(3).pid();
        signal("STOP", pid);
        try {
            long t0 = System.nanoTime();
            ClusterTest.eventually("node3 out of selection", () -> !node(3).takesCalls(), Duration.ofSeconds(2));
            System.out.printf("kill -STOP noticed after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            RayoClient app = cluster.client("demo", "stopped");
            for (int i = 0; i < 20; i++) {
                RayoCall c = app.dial("sip:avoid@example.com", null);
                assertNotNull(c.awaitSignal(Signal.Type.ANSWERED, WAIT));
                assertNotEquals(com.rayo.cli.ClusterLayout.nodeDomain(3), cluster.gateway().calls().find(c.id()).nodeDomain(), "a hung node gets no new call");
                c.hangup();
            }
        } finally {
            signal("CONT", pid);
        }
        ClusterTest.eventually("node3 probed back up", () -> node(3).health().state() == NodeState.UP, Duration.ofSeconds(8));
        RayoClient app = cluster.client("demo", "resumed");
        boolean reached = false;
        for (int i = 0; i < 60 && !reached; i++) {
            RayoCall c = app.dial("sip:back@example.com", null);
            assertNotNull(c.awaitSignal(Signal.Type.ANSWERED, WAIT));
            reached = cluster.gateway().calls().find(c.id()).nodeDomain().equals(com.rayo.cli.ClusterLayout.nodeDomain(3));
            c.hangup();
        }
        assertTrue(reached, "the resumed node takes calls again");
    }

    static void signal(String sig, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start().waitFor());
    }
}
