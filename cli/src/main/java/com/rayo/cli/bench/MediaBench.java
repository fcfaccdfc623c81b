package com.rayo.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoComponent;
import com.rayo.protocol.rayo.Complete;
import com.rayo.protocol.rayo.ComponentEvent;
import com.rayo.protocol.rayo.Document;
import com.rayo.protocol.rayo.Input;
import com.rayo.protocol.rayo.Output;
import com.rayo.protocol.rayo.Prompt;
import com.rayo.protocol.rayo.RayoNamespaces;
import com.rayo.protocol.rayo.Record;
import com.rayo.rtp.RtpCluster;
import com.rayo.rtp.config.RtpClusterConfig;
import com.rayo.testkit.Ports;
import com.rayo.testkit.Rtpengine;
import com.rayo.testkit.TestPhone;
import com.rayo.testkit.WorkDirs;

/**
 * {@code bin/rayo bench media}: N SIP phones (testkit TestPhone, in this JVM) call a SIP node
 * through the gateway and a real rtpengine behind the balancer; first the calls just stay up
 * (baseline), then each loops prompt (a 1 s prompt + a digits input) → one key → a 2 s
 * recording while the phone sends a tone. Measured at the phones: command → first sound heard
 * (output start), key sent → {@code complete} beyond the inter-digit timeout, the recording's
 * length; CPU per call-second with and without verbs; every verb that did not end as expected.
 */
public final class MediaBench {
    private MediaBench() {}

    static final int INTER_DIGIT_MS = 500;

    public static int main(String[] args) throws Exception {
        int calls = RoutingBench.intArg(args, "--calls", 100);
        int seconds = RoutingBench.intArg(args, "--seconds", 30);
        System.out.printf("media benchmark: %d concurrent calls, %d s idle then %d s of prompt -> key -> record 2 s loops, %d cores%n", calls, seconds,
                seconds, Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("rayo-bench-media");
        Path prompt = dir.resolve("prompt-1s.wav");
        com.rayo.testkit.AudioCheck.writeTone(prompt, 440, 1000);
        try (Rtpengine relay = new Rtpengine(Ports.free(), Ports.free(), 24000, 25999, dir.resolve("rtpengine.log")).start(Duration.ofSeconds(10))) {
            int ng = Ports.free();
            try (RtpCluster balancer = new RtpCluster(RtpClusterConfig.localNg(ng, Ports.free(), Ports.free(), 10000,
                    List.of(new RtpClusterConfig.LocalRelay(relay.controlPort(), relay.ngPort())), dir));
                 LocalCluster cluster = LocalCluster.start(1, "native", "", "rayo.node { backend = sip, capacity = 10000, sip.port = " + Ports.free()
                         + ", media.ng = \"127.0.0.1:" + ng + "\", verbs.file-roots = [\"" + dir + "\"] }\n")) {
                String address = "sip:demo@127.0.0.1:" + nodeSipPort(cluster);
                cluster.gateway().admin().registerAddress("demo@localhost", address);
                List<RayoClient> apps = new ArrayList<>();
                for (int i = 0; i < Math.max(1, calls / 25); i++) apps.add(cluster.client("demo", "bench-media-" + i));
                LinkedBlockingQueue<RayoCall> offers = new LinkedBlockingQueue<>();
                for (RayoClient a : apps) a.onOffer(c -> {
                    offers.add(c);
                    try {
                        c.answer();
                    } catch (Exception e) {
                        // counted as a failed call below: the phone gets no answer
                    }
                });
                System.out.println("calling ...");
                List<TestPhone> phones = new ArrayList<>();
                List<RayoCall> up = new ArrayList<>();
                long failedCalls = 0;
                for (int i = 0; i < calls; i++) {
                    TestPhone p = new TestPhone();
                    try {
                        p.call(address, Duration.ofSeconds(10));
                        phones.add(p);
                        up.add(offers.poll(5, TimeUnit.SECONDS));
                    } catch (Exception e) {
                        failedCalls++;
                        p.close();
                    }
                }
                System.out.printf("%d calls up (%d failed to connect)%n", phones.size(), failedCalls);

                long jvm0 = StoreBench.jvmCpuNanos(), rl0 = RoutingBench.processCpuNanos(relay.pid()), pr0 = RoutingBench.processCpuNanos(cluster.prosody().pid());
                Thread.sleep(seconds * 1000L);
                double idleMs = (StoreBench.jvmCpuNanos() - jvm0 + RoutingBench.processCpuNanos(relay.pid()) - rl0 + RoutingBench.processCpuNanos(cluster.prosody().pid()) - pr0) / 1e6;

                ConcurrentLinkedQueue<Double> startMs = new ConcurrentLinkedQueue<>(), beyondMs = new ConcurrentLinkedQueue<>(), recordMs = new ConcurrentLinkedQueue<>();
                ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
                AtomicLong verbs = new AtomicLong();
                ExecutorService pool = Executors.newFixedThreadPool(phones.size());
                CountDownLatch done = new CountDownLatch(phones.size());
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                jvm0 = StoreBench.jvmCpuNanos();
                rl0 = RoutingBench.processCpuNanos(relay.pid());
                pr0 = RoutingBench.processCpuNanos(cluster.prosody().pid());
                for (int i = 0; i < phones.size(); i++) {
                    TestPhone phone = phones.get(i);
                    RayoCall call = up.get(i);
                    pool.execute(() -> {
                        try {
                            while (System.nanoTime() < end) loop(call, phone, prompt, startMs, beyondMs, recordMs, failures, verbs);
                        } catch (Exception e) {
                            failures.add("call " + call.id() + ": " + e);
                        } finally {
                            done.countDown();
                        }
                    });
                }
                done.await(seconds + 60L, TimeUnit.SECONDS);
                double busyMs = (StoreBench.jvmCpuNanos() - jvm0 + RoutingBench.processCpuNanos(relay.pid()) - rl0 + RoutingBench.processCpuNanos(cluster.prosody().pid()) - pr0) / 1e6;
                pool.shutdownNow();
                for (RayoCall c : up) {
                    try {
                        c.hangup();
                    } catch (Exception ignored) {
                        // ended already
                    }
                }
                for (TestPhone p : phones) p.close();
                for (RayoClient a : apps) a.close();

                double callSeconds = (double) phones.size() * seconds;
                System.out.printf(Locale.ROOT, "%noutput start (command -> first sound at the phone): p50 %.1f ms, p99 %.1f ms (goal p50 <= 50 ms)%n",
                        pct(startMs, 0.5), pct(startMs, 0.99));
                System.out.printf(Locale.ROOT, "key -> input complete, beyond the %d ms inter-digit timeout: p50 %.1f ms, p99 %.1f ms (goal <= 50 ms)%n",
                        INTER_DIGIT_MS, pct(beyondMs, 0.5), pct(beyondMs, 0.99));
                System.out.printf(Locale.ROOT, "recordings (2 s asked): p50 %.0f ms, min %.0f, max %.0f%n", pct(recordMs, 0.5), pct(recordMs, 0), pct(recordMs, 1));
                System.out.printf(Locale.ROOT, "CPU per call-second (this JVM with node, gateway and phones + rtpengine + Prosody): idle calls %.2f ms, with verbs %.2f ms%n",
                        idleMs / callSeconds, busyMs / callSeconds);
                System.out.printf(Locale.ROOT, "verbs: %d, failed: %d, calls that failed to connect: %d%n", verbs.get(), failures.size(), failedCalls);
                failures.stream().limit(10).forEach(f -> System.out.println("  " + f));
                return failures.isEmpty() && failedCalls == 0 ? 0 : 3;
            }
        } finally {
            WorkDirs.delete(dir);
        }
    }

    /** One prompt -> key -> record loop of one call. */
    private static void loop(RayoCall call, TestPhone phone, Path prompt, ConcurrentLinkedQueue<Double> startMs, ConcurrentLinkedQueue<Double> beyondMs,
                             ConcurrentLinkedQueue<Double> recordMs, ConcurrentLinkedQueue<String> failures, AtomicLong verbs) throws Exception {
        Output out = new Output(null, null, null, null, null, null, null, List.of(Document.text("text/uri-list", prompt.toUri().toString(), "document", RayoNamespaces.OUTPUT)));
        Input in = new Input("dtmf", null, null, null, 5000, INTER_DIGIT_MS, null, null, null, List.of(new Document(null, "builtin:dtmf/digits?maxlength=5", null)));
        long t0 = System.nanoTime();
        RayoComponent p = call.prompt(new Prompt(false, out, in));
        verbs.incrementAndGet();
        long deadline = t0 + 5_000_000_000L;
        while (!p.events().contains(ComponentEvent.INPUT_TIMERS_STARTED) && System.nanoTime() < deadline) Thread.sleep(5);
        List<Long> loud = phone.loudPacketTimes(t0, 1000);
        if (loud.isEmpty()) failures.add("prompt on " + call.id() + ": the phone heard nothing");
        else startMs.add((loud.get(0) - t0) / 1e6);
        long key = System.nanoTime();
        phone.sendDigit('5');
        Complete c = p.await(Duration.ofSeconds(5));
        long tc = System.nanoTime();
        if (c == null || !c.reasonName().equals("match")) failures.add("prompt on " + call.id() + ": " + (c == null ? "no complete" : c.reason().toXml()));
        else beyondMs.add((tc - key) / 1e6 - INTER_DIGIT_MS);
        RayoComponent rec = call.record(new Record(null, null, null, null, 2000, null, null, "recv", null));
        verbs.incrementAndGet();
        phone.sendTone(440, 2000, 0.3);
        Complete r = rec.await(Duration.ofSeconds(5));
        if (r == null || !r.reasonName().equals("max-duration") || r.extras().isEmpty()) failures.add("record on " + call.id() + ": " + (r == null ? "no complete" : r.toXml()));
        else recordMs.add(Double.parseDouble(r.extras().get(0).attr("duration")));
    }

    private static int nodeSipPort(LocalCluster cluster) {
        return ((com.rayo.node.sip.SipCallBackend) cluster.node(1).backend()).sipPort();
    }

    static double pct(java.util.Collection<Double> xs, double q) {
        if (xs.isEmpty()) return Double.NaN;
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(Math.min(s.size() - 1, (int) Math.floor(q * (s.size() - 1) + 0.5)));
    }
}
