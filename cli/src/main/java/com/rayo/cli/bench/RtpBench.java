package com.rayo.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.rayo.rtp.RtpCluster;
import com.rayo.rtp.config.RtpClusterConfig;
import com.rayo.testkit.Ports;
import com.rayo.testkit.Rtpengine;
import com.rayo.testkit.WorkDirs;

/**
 * {@code bin/rayo bench rtp}: U+L+D session cycles through the balancer versus straight to
 * one rtpengine (paired rounds of one run): throughput with enough clients to saturate the
 * relay, added p50/p99 command latency with one client; then 1, 2 and 3 relays behind the
 * balancer; then the rate over 100,000 sessions (it must stay flat).
 */
public final class RtpBench {
    private RtpBench() {}

    public static int main(String[] args) throws Exception {
        int clients = RoutingBench.intArg(args, "--clients", 16);
        int seconds = RoutingBench.intArg(args, "--seconds", 5);
        int rounds = RoutingBench.intArg(args, "--rounds", 5);
        int total = RoutingBench.intArg(args, "--sessions", 100_000);
        int warmup = RoutingBench.intArg(args, "--warmup", 8);
        CpuSplit cpus = CpuSplit.fromArgs(args);
        System.out.printf("rtp benchmark: U+L+D cycles, %d clients, %d s per round, %d rounds, %d cores; %s%n", clients, seconds, rounds,
                Runtime.getRuntime().availableProcessors(), cpus.describe("relays"));
        cpus.pinThisProcess();
        Path dir = Files.createTempDirectory("rayo-bench-rtp");
        List<Rtpengine> relays = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) relays.add(new Rtpengine(Ports.free(), Ports.free(), 28000 + i * 1000, 28999 + i * 1000, dir.resolve("rtpengine" + i + ".log"))
                    .cpus(cpus.apart()).start(Duration.ofSeconds(10)));
            List<Double> ratios = new ArrayList<>();
            List<Double> added = new ArrayList<>();
            try (Balancer one = new Balancer(relays.subList(0, 1), dir)) {
                // The balancer's code must be compiled before it is compared with a relay written in C.
                load(relays.get(0).controlPort(), clients, Math.max(1, warmup / 4), "warm-d");
                load(one.port, clients, warmup, "warm-b");
                // Throughput with enough clients to saturate the relay; latency with one client, so queueing does not hide the hop.
                for (int r = 1; r <= rounds; r++) {
                    RtpLoad.Result[] x = paired(r, relays.get(0).controlPort(), one.port, clients, seconds);
                    ratios.add(x[1].cyclesPerSec() / x[0].cyclesPerSec());
                    System.out.printf(Locale.ROOT, "throughput round %d, %d clients: direct %.0f cycles/s, balancer %.0f cycles/s; ratio %.2f, failures %d/%d%n",
                            r, clients, x[0].cyclesPerSec(), x[1].cyclesPerSec(), x[1].cyclesPerSec() / x[0].cyclesPerSec(), x[0].failures(), x[1].failures());
                }
                for (int r = 1; r <= rounds; r++) {
                    RtpLoad.Result[] x = paired(r, relays.get(0).controlPort(), one.port, 1, Math.max(1, seconds / 2));
                    added.add(x[1].p50Micros() - x[0].p50Micros());
                    System.out.printf(Locale.ROOT, "latency round %d, 1 client: direct p50 %.0f µs p99 %.0f µs, balancer p50 %.0f µs p99 %.0f µs; added p50 %.0f µs%n",
                            r, x[0].p50Micros(), x[0].p99Micros(), x[1].p50Micros(), x[1].p99Micros(), x[1].p50Micros() - x[0].p50Micros());
                }
            }
            System.out.printf(Locale.ROOT, "balancer/direct throughput on one relay (median of %d paired rounds): %.2f  (goal >= 0.90); added p50 latency %.0f µs (goal <= 100 µs)%n",
                    rounds, median(ratios), median(added));
            for (int n = 1; n <= 3; n++) {
                try (Balancer b = new Balancer(relays.subList(0, n), dir)) {
                    load(b.port, clients, 1, "scale-warm" + n);
                    RtpLoad.Result x = load(b.port, clients, seconds, "scale" + n);
                    System.out.printf(Locale.ROOT, "%d relay(s), %d clients: %.0f cycles/s (p50 %.0f µs, p99 %.0f µs), failures %d%n", n, clients,
                            x.cyclesPerSec(), x.p50Micros(), x.p99Micros(), x.failures());
                }
            }
            try (Balancer b = new Balancer(relays, dir)) {
                double[] rates = sessions(b.port, clients, total);
                System.out.printf(Locale.ROOT, "over %,d sessions: second 10%% %.0f cycles/s, last 10%% %.0f cycles/s (ratio %.2f: flat when near 1); sessions still held %d%n",
                        total, rates[0], rates[1], rates[1] / rates[0], b.cluster.clusters().get(0).sessionCount());
            }
        } finally {
            for (Rtpengine r : relays) r.close();
            WorkDirs.delete(dir);
        }
        return 0;
    }

    /** Direct then balancer in odd rounds, the other way round in even ones: {direct, balancer}. */
    static RtpLoad.Result[] paired(int round, int directPort, int balancerPort, int clients, int seconds) throws Exception {
        RtpLoad.Result direct, balanced;
        if (round % 2 == 1) {
            direct = load(directPort, clients, seconds, "d" + round + "c" + clients);
            balanced = load(balancerPort, clients, seconds, "b" + round + "c" + clients);
        } else {
            balanced = load(balancerPort, clients, seconds, "b" + round + "c" + clients);
            direct = load(directPort, clients, seconds, "d" + round + "c" + clients);
        }
        return new RtpLoad.Result[] {direct, balanced};
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(Double::compare);
        return s.get(s.size() / 2);
    }

    /** A balancer in this JVM in front of the given relays. */
    static final class Balancer implements AutoCloseable {
        final RtpCluster cluster;
        final int port = Ports.free();

        Balancer(List<Rtpengine> relays, Path dir) throws Exception {
            StringBuilder rs = new StringBuilder();
            for (int i = 0; i < relays.size(); i++) {
                rs.append("{ name = r").append(i).append(", address = \"127.0.0.1:").append(relays.get(i).controlPort()).append("\", capacity = 100000, weight = 1 }\n");
            }
            cluster = new RtpCluster(RtpClusterConfig.fromString("rayo.rtp-cluster { clusters = [ { name = bench, control = [\"udp:127.0.0.1:" + port + "\"], relays = [\n"
                    + rs + "] } ]\nadmin = [\"tcp:127.0.0.1:" + Ports.free() + "\"]\nmetrics = \"127.0.0.1:" + Ports.free() + "\" }\n", dir)); // never the local cluster's metrics port
        }

        @Override public void close() throws Exception { cluster.close(); }
    }

    /** {@code clients} sessions kept in flight for {@code seconds}; latency per command. */
    static RtpLoad.Result load(int port, int clients, int seconds, String tag) throws Exception {
        return new RtpLoad(port, clients, tag).forSeconds(seconds);
    }

    /** Runs {@code total} sessions; returns the rate over the second tenth (the first warms a new balancer up) and the last. */
    static double[] sessions(int port, int clients, int total) throws Exception {
        long tenth = total / 10;
        long[] marks = new long[3];
        RtpLoad.Result r = new RtpLoad(port, clients, "many").run(n -> {
            if (n % tenth == 0) {
                int k = (int) (n / tenth);
                if (k == 1) marks[0] = System.nanoTime();
                if (k == 2) marks[1] = System.nanoTime();
                if (k == 9) marks[2] = System.nanoTime();
                System.out.printf("  %,d sessions%n", n);
            }
            return n >= total;
        });
        long end = System.nanoTime();
        if (r.failures() > 0) System.out.printf("  %d sessions failed%n", r.failures());
        return new double[] {tenth / ((marks[1] - marks[0]) / 1e9), tenth / ((end - marks[2]) / 1e9)};
    }
}
