package com.rayo.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.cli.ClusterLayout;
import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.component.ComponentConnection;
import com.rayo.component.ComponentSpec;
import com.rayo.component.ComponentTransport;
import com.rayo.node.NodeAgent;
import com.rayo.node.NodeConfig;
import com.rayo.node.NodeMain;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/**
 * {@code bin/rayo bench routing}: N application connections doing dial → answered →
 * hangup → end through the gateway, and in the same run the same calls through a no-logic
 * baseline (a forwarder in front of the same simulated node agent) over the same Prosody.
 * Rounds alternate baseline and gateway; the median of the paired ratios is the figure.
 */
public final class RoutingBench {
    static final String RELAY = "fwd.localhost";
    /** The forwarder's node-facing domain, as the gateway has an internal one. */
    static final String RELAY_INTERNAL = "fwd-internal.localhost";
    static final String ECHO = "echo.localhost";
    static final int STANZAS_PER_CALL = 7; // dial+ref, ringing, answered, hangup+result, end

    /** The phases of a call, for where its time goes. */
    static final String[] PHASES = {"dial->ref", "ref->answered", "hangup->result", "result->end"};

    /** @param phaseMs mean time of each of {@link #PHASES} per call */
    record Result(String name, double callsPerSec, double p50Ms, double p99Ms, double prosodyCpu, double componentCpu, long calls, long failures, double[] phaseMs) {
        double stanzasPerSec() { return callsPerSec * STANZAS_PER_CALL; }
    }

    /** Consecutive warm-up pairs whose ratios agree within this mean the JIT has settled. */
    static final double SETTLED = 0.05;
    /** Second-half median above the first half's by more than this: the rounds are still climbing. */
    static final double CLIMBING = 0.08;

    public static int main(String[] args) throws Exception {
        int clients = intArg(args, "--clients", 8);
        int seconds = intArg(args, "--seconds", 6);
        int rounds = intArg(args, "--rounds", 5);
        int maxWarmup = intArg(args, "--warmup", 8);
        String transport = stringArg(args, "--transport", "native");
        String store = stringArg(args, "--store", "cassandra");
        boolean standby = Arrays.asList(args).contains("--standby");
        boolean processes = Arrays.asList(args).contains("--processes");
        String floorArg = stringArg(args, "--check", null);
        Double floor = floorArg == null ? null : Double.valueOf(floorArg);
        if (!store.equals("cassandra") && !store.equals("memory")) {
            System.err.println("--store takes cassandra or memory");
            return 2;
        }
        if (processes && (standby || !store.equals("memory"))) {
            System.err.println("--processes runs with --store memory and no standby");
            return 2;
        }
        if (standby && store.equals("memory")) {
            System.err.println("--standby needs --store cassandra (the lease that keeps a standby off the domains lives in the shared store)");
            return 2;
        }
        System.out.printf("routing benchmark: %d clients, %d s per round, %d rounds, %s transport, %s store%s, %d cores%n",
                clients, seconds, rounds, transport, store, standby ? ", a standby gateway up" : "", Runtime.getRuntime().availableProcessors());
        String instantNode = "rayo.node.simulated.ring-delay = 0ms\nrayo.node.simulated.answer-delay = 0ms\n";
        String gatewayConfig = store.equals("memory") ? "rayo.gateway.store.type = memory\n" : "";
        if (processes) return inProcesses(clients, seconds, rounds, maxWarmup, floor, gatewayConfig, instantNode);
        try (LocalCluster cluster = LocalCluster.start(2, transport, gatewayConfig, instantNode, RELAY, RELAY_INTERNAL, ECHO)) {
            Process standbyGateway = standby ? cluster.startGatewayProcess("standby", "") : null;
            ComponentTransport t = ComponentTransport.byName(transport);
            BaselineRelay relay = new BaselineRelay(RELAY, RELAY_INTERNAL, ECHO);
            ClusterLayout layout = cluster.layout();
            // The baseline's node is the same simulated node agent the gateway's nodes are, serving the forwarder:
            // the two sides differ by the gateway's logic only, not by the node's own event threads.
            NodeAgent echo = NodeMain.start(NodeConfig.fromString(instantNode + "rayo.node { domain = " + q(ECHO) + ", secret = " + q(layout.secret(ECHO))
                    + ", gateway-domain = " + q(RELAY_INTERNAL) + ", xmpp { port = " + layout.componentPort() + ", transport = " + q(transport) + " } }\n"));
            relay.external = t.connect(ComponentSpec.of("127.0.0.1", layout.componentPort(), RELAY, layout.secret(RELAY), ClusterLayout.HOST), relay.fromClients());
            relay.internal = t.connect(ComponentSpec.of("127.0.0.1", layout.componentPort(), RELAY_INTERNAL, layout.secret(RELAY_INTERNAL), ClusterLayout.HOST),
                    relay.fromNodes());
            echo.connection().awaitConnected(Duration.ofSeconds(10));
            relay.external.awaitConnected(Duration.ofSeconds(10));
            relay.internal.awaitConnected(Duration.ofSeconds(10));
            List<RayoClient> gw = new ArrayList<>();
            List<RayoClient> base = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                gw.add(cluster.client("demo", "bench-gw-" + i));
                base.add(cluster.client("demo", "bench-base-" + i, RELAY));
            }
            try {
                return compare(gw, base, cluster.prosody().pid(), "rayo", "fwd", seconds, rounds, maxWarmup, floor);
            } finally {
                echo.close();
                relay.close();
                if (standbyGateway != null) standbyGateway.destroy();
            }
        }
    }

    /**
     * {@code --processes}: the gateway with its two nodes, and the forwarder with its node, each in JVMs of
     * their own (full JIT), as in production; this JVM keeps the clients only, so their allocation and GC
     * pauses land on both sides alike and not inside the gateway. Component CPU is each side's processes.
     */
    private static int inProcesses(int clients, int seconds, int rounds, int maxWarmup, Double floor, String gatewayConfig, String nodeConfig)
            throws Exception {
        // One node a side: the gateway and its node, the forwarder and its node, four JVMs alike.
        try (LocalCluster cluster = LocalCluster.startAsProcesses(1, gatewayConfig, nodeConfig, RELAY, RELAY_INTERNAL, ECHO)) {
            Process baseline = baselineProcess(cluster, "relay");
            Process baselineNode = baselineProcess(cluster, "node");
            try {
                List<RayoClient> gw = new ArrayList<>();
                List<RayoClient> base = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    gw.add(cluster.client("demo", "bench-gw-" + i));
                    base.add(cluster.client("demo", "bench-base-" + i, RELAY));
                }
                awaitDialling(gw.get(0), "the gateway process and its nodes");
                awaitDialling(base.get(0), "the forwarder process and its node");
                long gateway = cluster.gatewayProcesses().get(0).pid();
                System.out.printf("processes: gateway %d and its node %d; forwarder %d and its node %d%n", gateway, cluster.nodeProcess(1).pid(),
                        baseline.pid(), baselineNode.pid());
                return compare(gw, base, cluster.prosody().pid(), "pid:" + gateway, "pid:" + baseline.pid(), seconds, rounds, maxWarmup, floor);
            } finally {
                baseline.destroyForcibly();
                baselineNode.destroyForcibly();
            }
        }
    }

    private static Process baselineProcess(LocalCluster cluster, String role) throws java.io.IOException {
        ClusterLayout layout = cluster.layout();
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m", "-Drayo.log.level=WARN",
                "-cp", System.getProperty("java.class.path"), BaselineMain.class.getName(), role, Integer.toString(layout.componentPort()),
                RELAY, layout.secret(RELAY), RELAY_INTERNAL, layout.secret(RELAY_INTERNAL), ECHO, layout.secret(ECHO));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(cluster.dir().resolve("baseline-" + role + ".log").toFile())).start();
    }

    /** Dials until a call is answered (the processes are up and registered), at most a minute. */
    private static void awaitDialling(RayoClient c, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                RayoCall call = c.dial("sip:ready@example.com", null);
                if (call.awaitSignal(Signal.Type.ANSWERED, Duration.ofSeconds(5)) != null) {
                    call.hangup();
                    return;
                }
            } catch (com.rayo.client.RayoException e) {
                if (System.nanoTime() > deadline) throw new IllegalStateException(what + " did not take calls within 60 s: " + e.getMessage());
            }
            Thread.sleep(250);
        }
    }

    /** Warm-up pairs, paired rounds, the table and the check: the same for both set-ups (one JVM, or --processes). */
    static int compare(List<RayoClient> gw, List<RayoClient> base, long prosody, String gwMark, String baseMark, int seconds, int rounds, int maxWarmup,
                       Double floor) throws Exception {
        // Warm-up pairs until two in a row agree (the JIT has settled), at most --warmup.
        double last = -1;
        int w = 0;
        while (w < maxWarmup) {
            w++;
            Result b = load("baseline", base, 3, prosody, baseMark);
            Result g = load("gateway", gw, 3, prosody, gwMark);
            double r = g.callsPerSec() / b.callsPerSec();
            System.out.printf(Locale.ROOT, "warm-up %d: %.2f%n", w, r);
            if (w >= 2 && Math.abs(r - last) <= SETTLED * Math.max(r, last)) break;
            last = r;
        }
        // Paired rounds, order alternating so that drift on a noisy machine hits both sides.
        List<Result> baseline = new ArrayList<>();
        List<Result> gateway = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            Result b, g;
            if (r % 2 == 1) {
                b = load("baseline", base, seconds, prosody, baseMark);
                g = load("gateway", gw, seconds, prosody, gwMark);
            } else {
                g = load("gateway", gw, seconds, prosody, gwMark);
                b = load("baseline", base, seconds, prosody, baseMark);
            }
            double ratio = g.callsPerSec() / b.callsPerSec();
            System.out.printf("round %d: baseline %.0f calls/s, gateway %.0f calls/s (%.2f)%n", r, b.callsPerSec(), g.callsPerSec(), ratio);
            baseline.add(b);
            gateway.add(g);
            ratios.add(ratio);
        }
        Result b = median(baseline);
        Result g = median(gateway);
        System.out.println();
        System.out.printf("%-9s %9s %11s %9s %9s %12s %14s %8s%n", "", "calls/s", "stanzas/s", "p50 ms", "p99 ms", "prosody CPU", "component CPU", "failed");
        System.out.println("(each row: the median round of that side)");
        for (Result x : List.of(b, g)) {
            System.out.printf("%-9s %9.0f %11.0f %9.2f %9.2f %11.0f%% %13.0f%% %8d%n", x.name(), x.callsPerSec(), x.stanzasPerSec(), x.p50Ms(), x.p99Ms(),
                    x.prosodyCpu() * 100, x.componentCpu() * 100, x.failures());
        }
        System.out.println("where a call's time goes (mean ms per call, median round): " + String.join(", ", PHASES));
        for (Result x : List.of(b, g)) {
            System.out.printf(Locale.ROOT, "%-9s %s%n", x.name(), Arrays.stream(x.phaseMs()).mapToObj(v -> String.format(Locale.ROOT, "%14.2f", v)).reduce("", String::concat));
        }
        double ratio = medianOf(ratios);
        double p99Ratio = g.p99Ms() / b.p99Ms();
        boolean climbing = climbing(ratios);
        System.out.printf(Locale.ROOT, "%nratio gateway/baseline (median of %d paired rounds): %.2f  (rounds %s; %d warm-up pairs)%n", rounds, ratio,
                ratios.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).toList(), w);
        System.out.printf(Locale.ROOT, "dial->ref p99 gateway/baseline: %.2f (goal <= 2)%n", p99Ratio);
        if (climbing) {
            System.out.println("CLIMBING: the later rounds are faster than the first ones (JIT or caches still warming): "
                    + "the median above is not a steady-state figure; run again with more --warmup or --rounds");
        }
        System.out.println("(component CPU: the gateway's own threads, or the forwarder's, in % of one core; dial->ref latency)");
        if (g.failures() + b.failures() > 0) return 1;
        if (floor == null) return 0;
        boolean ok = ratio >= floor && !climbing;
        System.out.printf(Locale.ROOT, "check: ratio %.2f %s floor %.2f%s: %s%n", ratio, ratio >= floor ? ">=" : "<", floor,
                climbing ? " (rounds climbing)" : "", ok ? "ok" : "FAILED");
        return ok ? 0 : 3;
    }

    private static String q(String s) { return "\"" + s + "\""; }

    static double medianOf(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    /** Whether the second half of the rounds is clearly faster than the first (not yet steady). */
    static boolean climbing(List<Double> ratios) {
        if (ratios.size() < 4) return false;
        int half = ratios.size() / 2;
        double first = medianOf(ratios.subList(0, half));
        double second = medianOf(ratios.subList(ratios.size() - half, ratios.size()));
        return second > first * (1 + CLIMBING);
    }

    static Result median(List<Result> rs) {
        List<Result> sorted = new ArrayList<>(rs);
        sorted.sort((x, y) -> Double.compare(x.callsPerSec(), y.callsPerSec()));
        return sorted.get(sorted.size() / 2);
    }

    /** Each client runs calls back to back for {@code seconds}; latency is dial → ref. */
    static Result load(String name, List<RayoClient> clients, int seconds, long prosodyPid, String componentThreadMark) throws Exception {
        return load(name, clients, seconds, prosodyPid, componentThreadMark, "sip:bench@example.com", false);
    }

    /** The same dialling {@code to}; with {@code toAnswered} the latency is dial → answered. */
    static Result load(String name, List<RayoClient> clients, int seconds, long prosodyPid, String componentThreadMark, String to, boolean toAnswered)
            throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong calls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicLongArray phases = new java.util.concurrent.atomic.AtomicLongArray(PHASES.length);
        long prosodyCpu0 = processCpuNanos(prosodyPid);
        long compCpu0 = threadCpuNanos(componentThreadMark);
        long t0 = System.nanoTime();
        for (RayoClient c : clients) {
            long[] lat = new long[200_000];
            latencies.add(lat);
            Thread th = new Thread(() -> {
                int n = 0;
                while (!stop.get()) {
                    try {
                        long s = System.nanoTime();
                        RayoCall call = c.dial(to, null);
                        long ref = System.nanoTime();
                        if (!toAnswered && n < lat.length) lat[n++] = ref - s;
                        if (call.awaitSignal(Signal.Type.ANSWERED, Duration.ofSeconds(10)) == null) throw new IllegalStateException("no answered");
                        long answered = System.nanoTime();
                        if (toAnswered && n < lat.length) lat[n++] = answered - s;
                        call.hangup();
                        long hungUp = System.nanoTime();
                        if (call.await(End.class, Duration.ofSeconds(10)) == null) throw new IllegalStateException("no end");
                        long ended = System.nanoTime();
                        phases.addAndGet(0, ref - s);
                        phases.addAndGet(1, answered - ref);
                        phases.addAndGet(2, hungUp - answered);
                        phases.addAndGet(3, ended - hungUp);
                        calls.incrementAndGet();
                    } catch (Exception e) {
                        failures.incrementAndGet();
                    }
                }
                lat[lat.length - 1] = n; // count kept in the last slot
            }, "bench-" + name);
            threads.add(th);
            th.start();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread th : threads) th.join();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long prosodyCpu = processCpuNanos(prosodyPid) - prosodyCpu0;
        long compCpu = threadCpuNanos(componentThreadMark) - compCpu0;
        List<Long> all = new ArrayList<>();
        for (long[] lat : latencies) {
            int n = (int) Math.min(lat[lat.length - 1], lat.length - 1);
            for (int i = 0; i < n; i++) all.add(lat[i]);
        }
        long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
        double p50 = sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6;
        double p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6;
        double[] phaseMs = new double[PHASES.length];
        for (int i = 0; i < PHASES.length; i++) phaseMs[i] = calls.get() == 0 ? 0 : phases.get(i) / 1e6 / calls.get();
        return new Result(name, calls.get() / elapsed, p50, p99, prosodyCpu / 1e9 / elapsed, compCpu / 1e9 / elapsed, calls.get(), failures.get(), phaseMs);
    }

    /** utime + stime of a process, from /proc (clock ticks of 10 ms on Linux). */
    static long processCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (Exception e) {
            return 0;
        }
    }

    /** CPU of this JVM's threads whose names contain the mark (the component's reader, writer, timers), or of process {@code pid:N}. */
    static long threadCpuNanos(String mark) {
        if (mark.startsWith("pid:")) return processCpuNanos(Long.parseLong(mark.substring(4)));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (ti == null) continue;
            String n = ti.getThreadName();
            boolean ours = mark.equals("rayo") ? (n.contains("rayo.localhost") || n.contains("rayo-internal.localhost") || n.equals("gw-timer")) : n.contains(mark);
            if (ours) total += Math.max(0, mx.getThreadCpuTime(ti.getThreadId()));
        }
        return total;
    }

    static int intArg(String[] args, String name, int dflt) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? Integer.parseInt(args[i + 1]) : dflt;
    }

    static String stringArg(String[] args, String name, String dflt) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
    }
}
