package com.rayo.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.Signal;

/**
 * {@code bin/rayo bench failover}: two gateway processes with the same domains (one holds them,
 * one waits), a steady dial load, and {@code --kills} times: kill -9 the holder, time until the
 * standby routes again, hang up every call that was up at the kill through the new holder,
 * start a new standby. Prints takeover p50/max, calls lost (not controllable afterwards, with how
 * long before the kill they were answered), events duplicated, and dials of the gap that got no
 * answer at all.
 */
public final class FailoverBench {
    private FailoverBench() {}

    public static int main(String[] args) throws Exception {
        int kills = RoutingBench.intArg(args, "--kills", 10);
        int clients = RoutingBench.intArg(args, "--clients", 4);
        // A standby knows what the holder wrote: call starts must not wait in the write-behind (docs/cluster.md).
        System.out.printf("failover benchmark: %d kills, %d dialling clients, default settings (writes at once while a standby is up), %d cores%n", kills, clients,
                Runtime.getRuntime().availableProcessors());
        try (LocalCluster cluster = LocalCluster.start(2, "native", "", "")) {
            cluster.gateway().close(); // gateways are processes here, so that they can be killed
            Process holder = startAndWait(cluster, "gw-0");
            RayoClient probe = cluster.client("demo", "failover-probe");
            probe.setTimeout(Duration.ofSeconds(1));
            untilDialWorks(probe, Duration.ofSeconds(60));
            Process standby = startAndWait(cluster, "gw-1");
            List<RayoClient> load = new ArrayList<>();
            for (int i = 0; i < clients; i++) load.add(cluster.client("demo", "failover-" + i));
            AtomicBoolean stop = new AtomicBoolean();
            List<Up> up = new CopyOnWriteArrayList<>();
            AtomicLong dials = new AtomicLong(), refused = new AtomicLong(), silent = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (RayoClient c : load) {
                c.setTimeout(Duration.ofSeconds(10));
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        dials.incrementAndGet();
                        try {
                            RayoCall call = c.dial("sip:failover@example.com", null);
                            if (call.awaitSignal(Signal.Type.ANSWERED, Duration.ofSeconds(10)) != null) up.add(new Up(call, System.nanoTime()));
                            Thread.sleep(50);
                        } catch (RayoException e) {
                            if (e.getMessage() != null && e.getMessage().startsWith("no answer within")) silent.incrementAndGet();
                            else refused.incrementAndGet();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }, "failover-load");
                t.start();
                threads.add(t);
            }
            Thread.sleep(5000); // steady state first: a cold holder's first writes reach Cassandra late
            up.clear();
            List<Double> takeovers = new ArrayList<>();
            long lost = 0, duplicated = 0, before = 0, youngestLostMs = -1, oldestLostMs = -1;
            for (int k = 1; k <= kills; k++) {
                Thread.sleep(2500);
                long killed = System.nanoTime();
                List<Up> live = new ArrayList<>(up); // every call up at the kill, however young
                up.clear();
                holder.destroyForcibly();
                holder.waitFor();
                double ms = untilDialWorks(probe, Duration.ofSeconds(30)) - killed;
                takeovers.add(ms / 1e6);
                for (Up u : live) {
                    before++;
                    RayoCall call = u.call();
                    long ageMs = (killed - u.answeredAt()) / 1_000_000;
                    String why = null;
                    try {
                        call.hangup();
                        if (call.await(End.class, Duration.ofSeconds(10)) == null) why = "no end after hangup";
                    } catch (RayoException e) {
                        why = "hangup refused (" + e.getMessage() + ")";
                    }
                    if (why != null) {
                        lost++;
                        youngestLostMs = youngestLostMs < 0 ? ageMs : Math.min(youngestLostMs, ageMs);
                        oldestLostMs = Math.max(oldestLostMs, ageMs);
                        System.out.printf("  lost %s, answered %d ms before the kill: %s%n", call.id(), ageMs, why);
                    }
                    duplicated += duplicates(call.events());
                }
                System.out.printf(Locale.ROOT, "kill %d: standby routing after %.0f ms; %d calls up at the kill, hung up through the new holder%n", k, ms / 1e6, live.size());
                holder = standby;
                standby = startAndWait(cluster, "gw-" + (k + 1));
            }
            stop.set(true);
            for (Thread t : threads) t.join(15_000);
            takeovers.sort(Double::compare);
            System.out.printf(Locale.ROOT, "%ntakeover (kill -9 of the holder -> first dial routed by the standby) over %d kills: p50 %.0f ms, max %.0f ms (goal <= 5000 ms)%n",
                    kills, takeovers.get(takeovers.size() / 2), takeovers.get(takeovers.size() - 1));
            System.out.printf(Locale.ROOT, "calls up at a kill: %d, lost %d%s, events duplicated %d (goal 0/0); dials %d, refused during gaps %d, never answered %d%n",
                    before, lost, lost == 0 ? "" : " (answered " + youngestLostMs + "-" + oldestLostMs + " ms before the kill)", duplicated, dials.get(),
                    refused.get(), silent.get());
            holder.destroyForcibly();
            standby.destroyForcibly();
        }
        return 0;
    }

    /** A call the load got answered, and when. */
    record Up(RayoCall call, long answeredAt) { }

    /** Events a call saw more than once (two answered, two ends): each is a duplicate. */
    static long duplicates(List<RayoElement> events) {
        long answered = events.stream().filter(e -> e instanceof Signal s && s.type() == Signal.Type.ANSWERED).count();
        long ends = events.stream().filter(e -> e instanceof End).count();
        return Math.max(0, answered - 1) + Math.max(0, ends - 1);
    }

    /** Dials until one is routed (ref received); returns System.nanoTime() of that moment. */
    static long untilDialWorks(RayoClient probe, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            try {
                RayoCall c = probe.dial("sip:probe@example.com", null);
                long at = System.nanoTime();
                c.hangup();
                return at;
            } catch (RayoException e) {
                if (System.nanoTime() > deadline) throw e;
                Thread.sleep(20);
            }
        }
    }

    /** A gateway process, once it has started (connected, or waiting for the domains). */
    static Process startAndWait(LocalCluster cluster, String name) throws Exception {
        Process p = cluster.startGatewayProcess(name, "");
        Path log = cluster.dir().resolve("gateway-" + name + ".log");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains("event=gateway-started"))) {
            if (!p.isAlive()) throw new IllegalStateException("gateway " + name + " exited; see " + log);
            if (System.nanoTime() > deadline) throw new IllegalStateException("gateway " + name + " did not start in 60 s; see " + log);
            Thread.sleep(100);
        }
        return p;
    }
}
