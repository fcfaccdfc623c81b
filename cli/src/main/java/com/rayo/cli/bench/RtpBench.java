package com.rayo.cli.bench;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.rtp.RtpCluster;
import com.rayo.rtp.config.RtpClusterConfig;
import com.rayo.rtp.protocol.RtpproxyClient;
import com.rayo.testkit.Ports;
import com.rayo.testkit.Rtpengine;

/**
 * {@code bin/rayo bench rtp}: U+L+D session cycles through the balancer versus straight to
 * one rtpengine (paired rounds of one run), with p50/p99 command latency; then 1, 2 and 3
 * relays behind the balancer; then the rate over 100,000 sessions (it must stay flat).
 */
public final class RtpBench {
    private RtpBench() {}

    record Result(double cyclesPerSec, double p50Micros, double p99Micros, long failures) { }

    public static int main(String[] args) throws Exception {
        int clients = RoutingBench.intArg(args, "--clients", 4);
        int seconds = RoutingBench.intArg(args, "--seconds", 5);
        int rounds = RoutingBench.intArg(args, "--rounds", 3);
        int total = RoutingBench.intArg(args, "--sessions", 100_000);
        System.out.printf("rtp benchmark: U+L+D cycles, %d clients, %d s per round, %d rounds, %d cores%n", clients, seconds, rounds,
                Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("rayo-bench-rtp");
        List<Rtpengine> relays = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) relays.add(new Rtpengine(Ports.free(), Ports.free(), 44000 + i * 2000, 45999 + i * 2000, dir.resolve("rtpengine" + i + ".log"))
                    .start(Duration.ofSeconds(10)));
            List<Double> ratios = new ArrayList<>();
            List<Double> added = new ArrayList<>();
            try (Balancer one = new Balancer(relays.subList(0, 1), dir)) {
                load(relays.get(0).controlPort(), clients, 2, "warm-d");
                load(one.port, clients, 2, "warm-b");
                for (int r = 1; r <= rounds; r++) {
                    Result direct, balanced;
                    if (r % 2 == 1) {
                        direct = load(relays.get(0).controlPort(), clients, seconds, "d" + r);
                        balanced = load(one.port, clients, seconds, "b" + r);
                    } else {
                        balanced = load(one.port, clients, seconds, "b" + r);
                        direct = load(relays.get(0).controlPort(), clients, seconds, "d" + r);
                    }
                    ratios.add(balanced.cyclesPerSec() / direct.cyclesPerSec());
                    added.add(balanced.p50Micros() - direct.p50Micros());
                    System.out.printf(Locale.ROOT, "round %d: direct %.0f cycles/s (p50 %.0f µs, p99 %.0f µs), balancer %.0f cycles/s (p50 %.0f µs, p99 %.0f µs); ratio %.2f, failures %d/%d%n",
                            r, direct.cyclesPerSec(), direct.p50Micros(), direct.p99Micros(), balanced.cyclesPerSec(), balanced.p50Micros(), balanced.p99Micros(),
                            balanced.cyclesPerSec() / direct.cyclesPerSec(), direct.failures(), balanced.failures());
                }
            }
            System.out.printf(Locale.ROOT, "balancer/direct on one relay (median of %d paired rounds): %.2f  (goal >= 0.90); added p50 latency %.0f µs (goal <= 100 µs)%n",
                    rounds, median(ratios), median(added));
            for (int n = 1; n <= 3; n++) {
                try (Balancer b = new Balancer(relays.subList(0, n), dir)) {
                    load(b.port, clients * n, 1, "scale-warm" + n);
                    Result x = load(b.port, clients * n, seconds, "scale" + n);
                    System.out.printf(Locale.ROOT, "%d relay(s), %d clients: %.0f cycles/s (p50 %.0f µs, p99 %.0f µs), failures %d%n", n, clients * n,
                            x.cyclesPerSec(), x.p50Micros(), x.p99Micros(), x.failures());
                }
            }
            try (Balancer b = new Balancer(relays, dir)) {
                double[] rates = sessions(b.port, clients * 3, total);
                System.out.printf(Locale.ROOT, "over %,d sessions: first 10%% %.0f cycles/s, last 10%% %.0f cycles/s (ratio %.2f: flat when near 1); sessions still held %d%n",
                        total, rates[0], rates[1], rates[1] / rates[0], b.cluster.clusters().get(0).sessionCount());
            }
        } finally {
            for (Rtpengine r : relays) r.close();
        }
        return 0;
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
                    + rs + "] } ]\nadmin = [\"tcp:127.0.0.1:" + Ports.free() + "\"] }\n", dir));
        }

        @Override public void close() throws Exception { cluster.close(); }
    }

    /** Closed-loop U, L, D cycles for {@code seconds}; latency per command. */
    static Result load(int port, int clients, int seconds, String tag) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong cycles = new AtomicLong(), failures = new AtomicLong();
        List<long[]> lat = new ArrayList<>();
        List<Thread> ts = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            long[] l = new long[1_000_001];
            lat.add(l);
            int id = c;
            Thread t = new Thread(() -> {
                int n = 0;
                try (RtpproxyClient s = new RtpproxyClient(new InetSocketAddress("127.0.0.1", port), 2000)) {
                    long k = 0;
                    while (!stop.get()) {
                        String call = tag + "-" + id + "-" + (k++);
                        long a = System.nanoTime();
                        String u = s.send("Uc0 " + call + " 127.0.0.1 " + (10000 + id * 2) + " f;1");
                        long b = System.nanoTime();
                        String lr = s.send("Lc0 " + call + " 127.0.0.1 " + (12000 + id * 2) + " f;1 t;1");
                        long c2 = System.nanoTime();
                        String d = s.send("D " + call + " f");
                        long e = System.nanoTime();
                        if (u == null || u.startsWith("E") || lr == null || lr.startsWith("E") || !"0".equals(d)) {
                            if (failures.incrementAndGet() == 1) System.out.printf("  first failure (%s): U -> %s, L -> %s, D -> %s%n", tag, u, lr, d);
                        }
                        else cycles.incrementAndGet();
                        if (n + 3 < l.length - 1) {
                            l[n++] = b - a;
                            l[n++] = c2 - b;
                            l[n++] = e - c2;
                        }
                    }
                } catch (Exception ex) {
                    failures.incrementAndGet();
                }
                l[l.length - 1] = n;
            });
            t.start();
            ts.add(t);
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread t : ts) t.join();
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] all = lat.stream().flatMapToLong(l -> Arrays.stream(l, 0, (int) l[l.length - 1])).sorted().toArray();
        double p50 = all.length == 0 ? 0 : all[all.length / 2] / 1e3, p99 = all.length == 0 ? 0 : all[(int) (all.length * 0.99)] / 1e3;
        return new Result(cycles.get() / elapsed, p50, p99, failures.get());
    }

    /** Runs {@code total} sessions; returns the rate over the first and the last tenth. */
    static double[] sessions(int port, int clients, int total) throws Exception {
        AtomicLong done = new AtomicLong();
        long tenth = total / 10;
        long[] marks = new long[3];
        marks[0] = System.nanoTime();
        List<Thread> ts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int id = c;
            Thread t = new Thread(() -> {
                try (RtpproxyClient s = new RtpproxyClient(new InetSocketAddress("127.0.0.1", port), 2000)) {
                    long k = 0;
                    while (true) {
                        long n = done.incrementAndGet();
                        if (n > total) return;
                        if (n == tenth) marks[1] = System.nanoTime();
                        if (n == total - tenth) marks[2] = System.nanoTime();
                        String call = "many-" + id + "-" + (k++);
                        s.send("Uc0 " + call + " 127.0.0.1 " + (14000 + id * 2) + " f;1");
                        s.send("Lc0 " + call + " 127.0.0.1 " + (16000 + id * 2) + " f;1 t;1");
                        s.send("D " + call + " f");
                        if (n % (total / 10) == 0) System.out.printf("  %,d sessions%n", n);
                    }
                } catch (Exception ignored) {
                    // counted as not done
                }
            });
            t.start();
            ts.add(t);
        }
        for (Thread t : ts) t.join();
        long end = System.nanoTime();
        return new double[] {tenth / ((marks[1] - marks[0]) / 1e9), tenth / ((end - marks[2]) / 1e9)};
    }
}
