package com.rayo.cli.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoClient;
import com.rayo.gateway.admin.AdminMBeans;
import com.rayo.testkit.Ports;
import com.rayo.web.LogLevels;
import com.rayo.web.Realm;
import com.rayo.web.WebServer;
import com.rayo.web.WebSettings;

/**
 * {@code bin/rayo bench admin} (Jolokia) and {@code bin/rayo bench api} (the REST API): read and
 * write requests/s at 1 and 32 connections, alone and while the routing load runs, and the routing
 * throughput with that admin load against without it, in paired rounds of one run (goal: routing
 * loses at most 5%).
 */
public final class AdminBench {
    /** An admin plane: one read and one write request, and what a good answer is. */
    record Plane(String name, String readLabel, String readPath, String writeLabel, String writeMethod, String writePath, String writeBody,
                 java.util.function.Predicate<HttpResponse<String>> ok) {
        HttpRequest request(String base, String auth, boolean write) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + (write ? writePath : readPath))).header("Authorization", auth);
            if (write && writeBody != null) b.header("Content-Type", "application/json");
            return b.method(write ? writeMethod : "GET", write && writeBody != null ? HttpRequest.BodyPublishers.ofString(writeBody) : HttpRequest.BodyPublishers.noBody()).build();
        }
    }

    static final Plane JOLOKIA = new Plane("Jolokia", "read GatewayStatistics", "/jmx/read/com.rayo.gateway:Type=GatewayStatistics",
            "exec getRayoNodes   ", "GET", "/jmx/exec/com.rayo.gateway:Type=Gateway/getRayoNodes/staging", null,
            r -> r.statusCode() == 200 && r.body().contains("\"status\":200"));
    /** The write stores a ban (idempotent: the same one each time) through ClusterAdmin, as an admin's would. */
    static final Plane API = new Plane("REST API", "GET /v1/applications   ", "/api/v1/applications?limit=50",
            "PUT /v1/bans/{jid}     ", "PUT", "/api/v1/bans/bench@localhost", "{\"reason\":\"bench\"}", r -> r.statusCode() == 200);

    private AdminBench() {}

    public static int main(String[] args) throws Exception { return main(JOLOKIA, args); }

    public static int api(String[] args) throws Exception { return main(API, args); }

    static int main(Plane plane, String[] args) throws Exception {
        int clients = RoutingBench.intArg(args, "--clients", 8);
        int seconds = RoutingBench.intArg(args, "--seconds", 6);
        int rounds = RoutingBench.intArg(args, "--rounds", 5);
        System.out.printf("admin benchmark: %s at 1 and 32 connections, routing with %d clients, %d s per round, %d rounds, %d cores%n",
                plane.name(), clients, seconds, rounds, Runtime.getRuntime().availableProcessors());
        String instantNode = "rayo.node.simulated.ring-delay = 0ms\nrayo.node.simulated.answer-delay = 0ms\n";
        try (LocalCluster cluster = LocalCluster.start(2, "native", "", instantNode)) {
            Path realm = Files.createTempDirectory("rayo-bench-realm").resolve("realm.properties");
            Realm.ensure(realm);
            String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + Realm.passwords(realm).get("admin")).getBytes());
            WebSettings paced = WebSettings.local(Ports.free(), realm);
            WebSettings unpaced = new WebSettings(true, "127.0.0.1", Ports.free(), realm, 0, 1, paced.maxWait());
            try (AdminMBeans mbeans = new AdminMBeans(cluster.gateway(), new LogLevels());
                 WebServer web = new WebServer(paced, cluster.gateway()); WebServer raw = new WebServer(unpaced, cluster.gateway())) {
                String base = "http://127.0.0.1:" + web.port() + "/rayo";
                String rawBase = "http://127.0.0.1:" + raw.port() + "/rayo";
                List<RayoClient> cs = new ArrayList<>();
                for (int i = 0; i < clients; i++) cs.add(cluster.client("demo", "bench-admin-" + i));
                long prosody = cluster.prosody().pid();
                System.out.println("warming up (JIT) ...");
                RoutingBench.load("routing", cs, 20, prosody, "rayo"); // the embedded Cassandra node needs a long JIT warm-up
                for (boolean write : new boolean[] {false, true}) alone(plane, rawBase, auth, write, 4, 3);
                System.out.println(plane.name() + " capacity (pacing off, no routing load):");
                for (int conns : new int[] {1, 32}) {
                    for (boolean write : new boolean[] {false, true}) {
                        System.out.printf(Locale.ROOT, "  %s at %2d connection(s): %.0f requests/s%n", write ? plane.writeLabel() : plane.readLabel(), conns,
                                alone(plane, rawBase, auth, write, conns, seconds));
                    }
                }
                System.out.printf(Locale.ROOT, "With the default pacing (%.0f requests/s, burst %d) while routing runs:%n", paced.maxRequestsPerSecond(), paced.burst());
                for (int conns : new int[] {1, 32}) {
                    List<Double> ratios = new ArrayList<>();
                    for (int r = 1; r <= rounds; r++) {
                        double without = 0, with = 0, adminRps = 0;
                        for (int side = 0; side < 2; side++) {
                            boolean loaded = (side == 0) == (r % 2 == 1);
                            if (!loaded) {
                                without = RoutingBench.load("routing", cs, seconds, prosody, "rayo").callsPerSec();
                                continue;
                            }
                            try (AdminLoad admin = new AdminLoad(plane, List.of(plane.request(base, auth, false), plane.request(base, auth, true)), conns)) {
                                with = RoutingBench.load("routing+admin", cs, seconds, prosody, "rayo").callsPerSec();
                                adminRps = admin.perSecond();
                            }
                        }
                        ratios.add(with / without);
                        System.out.printf(Locale.ROOT, "round %d, admin at %d connection(s): routing %.0f calls/s with, %.0f without (%.3f); admin %.0f requests/s meanwhile (reads and writes)%n",
                                r, conns, with, without, with / without, adminRps);
                    }
                    ratios.sort(Double::compare);
                    System.out.printf(Locale.ROOT, "routing with/without admin load at %d connection(s) (median of %d paired rounds): %.3f  (goal >= 0.95)%n",
                            conns, rounds, ratios.get(ratios.size() / 2));
                }
            }
        }
        return 0;
    }

    static double alone(Plane plane, String base, String auth, boolean write, int conns, int seconds) throws Exception {
        try (AdminLoad load = new AdminLoad(plane, List.of(plane.request(base, auth, write)), conns)) {
            Thread.sleep(seconds * 1000L);
            return load.perSecond();
        }
    }

    /** {@code conns} connections (one HTTP client each) sending requests back to back. */
    static final class AdminLoad implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong ok = new AtomicLong(), failed = new AtomicLong();
        final List<Thread> threads = new ArrayList<>();
        final long t0 = System.nanoTime();
        long t1;

        /** The requests in turn, on each connection. */
        AdminLoad(Plane plane, List<HttpRequest> requests, int conns) {
            for (int i = 0; i < conns; i++) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                Thread t = new Thread(() -> {
                    int n = 0;
                    while (!stop.get()) {
                        try {
                            HttpResponse<String> r = http.send(requests.get(n++ % requests.size()), HttpResponse.BodyHandlers.ofString());
                            if (plane.ok().test(r)) ok.incrementAndGet();
                            else failed.incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                }, "bench-admin-" + i);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }

        double perSecond() {
            long end = t1 == 0 ? System.nanoTime() : t1;
            return ok.get() / ((end - t0) / 1e9);
        }

        @Override public void close() throws InterruptedException {
            t1 = System.nanoTime();
            stop.set(true);
            for (Thread t : threads) t.join(5000);
            if (failed.get() > 0) System.out.println("  (" + failed.get() + " admin requests failed)");
        }
    }
}
