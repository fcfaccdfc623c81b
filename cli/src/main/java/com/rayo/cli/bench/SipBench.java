package com.rayo.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoClient;
import com.rayo.rtp.RtpCluster;
import com.rayo.rtp.config.RtpClusterConfig;
import com.rayo.testkit.Ports;
import com.rayo.testkit.Rtpengine;
import com.rayo.testkit.Sipp;
import com.rayo.testkit.WorkDirs;

/**
 * {@code bin/rayo bench sip}: applications dial a SIPp UAS through the whole stack (Prosody,
 * gateway, a SIP node, the balancer, a real rtpengine) back to back from N connections, versus
 * the same load on a simulated node answering at once, in alternating rounds of one run:
 * calls/s with their failures, dial → answered p50/p99, CPU per call, and the ratio.
 */
public final class SipBench {
    private SipBench() {}

    public static int main(String[] args) throws Exception {
        int clients = RoutingBench.intArg(args, "--clients", 8);
        int seconds = RoutingBench.intArg(args, "--seconds", 20);
        int rounds = RoutingBench.intArg(args, "--rounds", 3);
        int warmup = RoutingBench.intArg(args, "--warmup", 10);
        System.out.printf("sip benchmark: %d clients, %d s per round, %d rounds, %d s warm-up, %d cores%n", clients, seconds, rounds, warmup,
                Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("rayo-bench-sip");
        int phonePort = Ports.free();
        try (Rtpengine relay = new Rtpengine(Ports.free(), Ports.free(), 24000, 24999, dir.resolve("rtpengine.log")).start(Duration.ofSeconds(10));
             Sipp phone = Sipp.phone(phonePort, dir)) {
            int ng = Ports.free();
            try (RtpCluster balancer = new RtpCluster(RtpClusterConfig.localNg(ng, Ports.free(), Ports.free(), 10000,
                    List.of(new RtpClusterConfig.LocalRelay(relay.controlPort(), relay.ngPort())), dir)); // never the local cluster's metrics port
                 LocalCluster sip = LocalCluster.start(1, "native", "", "rayo.node { backend = sip, sip.port = " + Ports.free() + ", media.ng = \"127.0.0.1:" + ng + "\" }\n");
                 LocalCluster sim = LocalCluster.start(1, "native", "", "rayo.node.simulated { ring-delay = 0ms, answer-delay = 0ms }\n")) {
                List<RayoClient> sipClients = new ArrayList<>(), simClients = new ArrayList<>();
                for (int i = 0; i < clients; i++) {
                    sipClients.add(sip.client("demo", "bench-sip-" + i));
                    simClients.add(sim.client("demo", "bench-sim-" + i));
                }
                String phoneUri = "sip:bench@127.0.0.1:" + phonePort;
                System.out.println("warming up ...");
                RoutingBench.load("sip", sipClients, warmup, sip.prosody().pid(), "rayo", phoneUri, true);
                RoutingBench.load("simulated", simClients, Math.max(1, warmup / 2), sim.prosody().pid(), "rayo", "sip:bench@example.com", true);
                List<Double> ratios = new ArrayList<>();
                long failures = 0;
                for (int r = 1; r <= rounds; r++) {
                    Measured onSip = null, onSim = null;
                    for (int side = 0; side < 2; side++) {
                        boolean sipSide = (side == 0) == (r % 2 == 1);
                        if (sipSide) onSip = measure("sip", sipClients, seconds, sip.prosody().pid(), phoneUri, relay.pid(), phone.pid());
                        else onSim = measure("simulated", simClients, seconds, sim.prosody().pid(), "sip:bench@example.com", -1, -1);
                    }
                    failures += onSip.r().failures();
                    double ratio = onSip.r().callsPerSec() / onSim.r().callsPerSec();
                    ratios.add(ratio);
                    System.out.printf(Locale.ROOT, "round %d: SIP %.0f calls/s (dial->answered p50 %.1f ms, p99 %.1f ms; CPU %.2f ms/call, of which rtpengine %.2f, SIPp %.2f), "
                                    + "simulated %.0f calls/s (p50 %.1f ms, p99 %.1f ms; CPU %.2f ms/call); ratio %.2f; failed calls %d/%d%n",
                            r, onSip.r().callsPerSec(), onSip.r().p50Ms(), onSip.r().p99Ms(), onSip.cpuMsPerCall(), onSip.relayMsPerCall(), onSip.phoneMsPerCall(),
                            onSim.r().callsPerSec(), onSim.r().p50Ms(), onSim.r().p99Ms(), onSim.cpuMsPerCall(), ratio, onSip.r().failures(), onSim.r().failures());
                }
                System.out.printf(Locale.ROOT, "%nSIP/simulated (median of %d rounds): %.2f; failed SIP calls in all rounds: %d; relay sessions left: %d%n",
                        rounds, RtpBench.median(ratios), failures, balancer.clusters().get(0).sessionCount());
            }
        } finally {
            WorkDirs.delete(dir);
        }
        return 0;
    }

    /** One round: the load's result and CPU per call (this JVM, Prosody, and the relay and phone where given). */
    record Measured(RoutingBench.Result r, double cpuMsPerCall, double relayMsPerCall, double phoneMsPerCall) { }

    static Measured measure(String name, List<RayoClient> clients, int seconds, long prosody, String to, long relayPid, long phonePid) throws Exception {
        long jvm0 = StoreBench.jvmCpuNanos(), pr0 = RoutingBench.processCpuNanos(prosody);
        long rl0 = relayPid > 0 ? RoutingBench.processCpuNanos(relayPid) : 0, ph0 = phonePid > 0 ? RoutingBench.processCpuNanos(phonePid) : 0;
        RoutingBench.Result r = RoutingBench.load(name, clients, seconds, prosody, "rayo", to, true);
        double calls = Math.max(1, r.calls());
        double relay = relayPid > 0 ? (RoutingBench.processCpuNanos(relayPid) - rl0) / 1e6 / calls : 0;
        double phone = phonePid > 0 ? (RoutingBench.processCpuNanos(phonePid) - ph0) / 1e6 / calls : 0;
        double total = (StoreBench.jvmCpuNanos() - jvm0 + RoutingBench.processCpuNanos(prosody) - pr0) / 1e6 / calls + relay + phone;
        return new Measured(r, total, relay, phone);
    }
}
