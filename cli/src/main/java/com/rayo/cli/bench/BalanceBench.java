package com.rayo.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.cli.ClusterLayout;
import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.gateway.registry.RayoNode;

/**
 * {@code bin/rayo bench balance}: (1) dials over three node processes weighted 1:2:3 and
 * the largest deviation from the weight shares; (2) kill -9 of a node under a steady dial
 * load: time until it is out of selection, until its calls are ended, and the dial
 * success rate meanwhile; (3) the same for kill -STOP (a hung node), and the time until a
 * resumed node is back in selection.
 */
public final class BalanceBench {
    private BalanceBench() {}

    public static int main(String[] args) throws Exception {
        int dials = RoutingBench.intArg(args, "--dials", 10_000);
        int clients = RoutingBench.intArg(args, "--clients", 8);
        System.out.printf("balance benchmark: %d dials over 3 node processes weighted 1:2:3, %d clients, %d cores%n", dials, clients,
                Runtime.getRuntime().availableProcessors());
        // Slow start off: this measures the steady-state shares (slow start is unit-tested).
        try (LocalCluster cluster = LocalCluster.startWithNodeProcesses(3, "rayo.gateway.selection.slow-start = 0s\n",
                "rayo.node.simulated.ring-delay = 0ms\nrayo.node.simulated.answer-delay = 0ms\n", i -> "rayo.node.weight = " + i + "\n")) {
            List<RayoClient> cs = new ArrayList<>();
            for (int i = 0; i < clients; i++) cs.add(cluster.client("demo", "balance-" + i));
            shares(cluster, cs, dials);
            failover(cluster, cs, "kill -9", 3, "KILL");
            failover(cluster, cs, "kill -STOP", 2, "STOP");
        }
        return 0;
    }

    private static void shares(LocalCluster cluster, List<RayoClient> cs, int dials) throws Exception {
        Map<String, AtomicInteger> perNode = new ConcurrentHashMap<>();
        AtomicInteger left = new AtomicInteger(dials), failed = new AtomicInteger();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (RayoClient c : cs) {
            Thread t = new Thread(() -> {
                while (left.getAndDecrement() > 0) {
                    try {
                        RayoCall call = c.dial("sip:share@example.com", null);
                        perNode.computeIfAbsent(cluster.gateway().calls().find(call.id()).nodeDomain(), k -> new AtomicInteger()).incrementAndGet();
                        call.hangup();
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) t.join();
        double secs = (System.nanoTime() - t0) / 1e9;
        int total = perNode.values().stream().mapToInt(AtomicInteger::get).sum();
        double maxPoints = 0, maxRelative = 0;
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            double share = perNode.getOrDefault(ClusterLayout.nodeDomain(i), new AtomicInteger()).get() / (double) total;
            double expected = i / 6.0;
            maxPoints = Math.max(maxPoints, Math.abs(share - expected) * 100);
            maxRelative = Math.max(maxRelative, Math.abs(share - expected) / expected * 100);
            line.append(String.format(Locale.ROOT, " node%d (weight %d): %.2f%% (expected %.2f%%);", i, i, share * 100, expected * 100));
        }
        System.out.printf(Locale.ROOT, "shares over %d dials in %.1f s (%d failed):%s%n", total, secs, failed.get(), line);
        System.out.printf(Locale.ROOT, "max deviation from the weight shares: %.2f percentage points (%.1f%% relative)%n", maxPoints, maxRelative);
    }

    private static void failover(LocalCluster cluster, List<RayoClient> cs, String what, int victim, String signal) throws Exception {
        RayoNode node = cluster.gateway().nodes().find(ClusterLayout.nodeDomain(victim));
        // Calls held on the victim, to time how fast their owners learn of the loss.
        RayoClient holder = cs.get(0);
        List<RayoCall> held = new ArrayList<>();
        for (int i = 0; i < 40 && held.size() < 3; i++) {
            RayoCall c = holder.dial("sip:held@example.com", null);
            if (cluster.gateway().calls().find(c.id()).nodeDomain().equals(node.domain())) held.add(c);
            else c.hangup();
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong killedAt = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger during = new AtomicInteger(), duringOk = new AtomicInteger(), total = new AtomicInteger(), totalFailed = new AtomicInteger();
        AtomicLong firstOkAfterKill = new AtomicLong(-1);
        long retries0 = cluster.gateway().stats().dialRetries.get();
        List<Thread> threads = new ArrayList<>();
        for (RayoClient c : cs.subList(1, cs.size())) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    boolean inWindow = start >= killedAt.get() && start < killedAt.get() + 5_000_000_000L;
                    total.incrementAndGet();
                    if (inWindow) during.incrementAndGet();
                    try {
                        RayoCall call = c.dial("sip:steady@example.com", null);
                        if (inWindow) {
                            duringOk.incrementAndGet();
                            firstOkAfterKill.compareAndSet(-1, System.nanoTime() - killedAt.get());
                        }
                        try { call.hangup(); } catch (Exception ignored) { } // a call caught on the dead node ends by itself
                    } catch (Exception e) {
                        totalFailed.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        Thread.sleep(2000);
        long pid = cluster.nodeProcess(victim).pid();
        killedAt.set(System.nanoTime());
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
        long outOfSelection = waitFor(() -> !node.takesCalls(), killedAt.get());
        long callsEnded = waitFor(() -> cluster.gateway().calls().onNode(node.domain()).isEmpty(), killedAt.get());
        long heldEnded = -1;
        for (RayoCall c : held) {
            c.await(com.rayo.protocol.rayo.End.class, Duration.ofSeconds(10));
            heldEnded = Math.max(heldEnded, (System.nanoTime() - killedAt.get()) / 1_000_000);
        }
        Thread.sleep(Math.max(0, 5000 - (System.nanoTime() - killedAt.get()) / 1_000_000));
        stop.set(true);
        for (Thread t : threads) t.join();
        long retries = cluster.gateway().stats().dialRetries.get() - retries0;
        System.out.printf(Locale.ROOT, "%s of node%d (weight %d) under load: out of selection after %d ms, its calls ended after %d ms (owners told of %d held calls after %d ms);"
                        + " first dial answered elsewhere %.0f ms after the kill; dial success in the 5 s after: %d/%d (%.2f%%); %d retries; failed dials over the run %d/%d%n",
                what, victim, victim, outOfSelection, callsEnded, held.size(), heldEnded, firstOkAfterKill.get() / 1e6, duringOk.get(), during.get(),
                100.0 * duringOk.get() / Math.max(1, during.get()), retries, totalFailed.get(), total.get());
        if (signal.equals("STOP")) {
            long resumedAt = System.nanoTime();
            new ProcessBuilder("kill", "-CONT", Long.toString(pid)).start().waitFor();
            long back = waitFor(node::takesCalls, resumedAt);
            System.out.printf(Locale.ROOT, "kill -CONT of node%d: back in selection after %d ms%n", victim, back);
        }
    }

    /** Milliseconds from {@code since} until the condition holds (polled every 2 ms), or -1 after 15 s. */
    private static long waitFor(java.util.function.BooleanSupplier cond, long since) throws InterruptedException {
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() - since > 15_000_000_000L) return -1;
            Thread.sleep(2);
        }
        return (System.nanoTime() - since) / 1_000_000;
    }
}
