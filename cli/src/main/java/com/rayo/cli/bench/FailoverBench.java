package com.rayo.cli.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoClient;

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
        if (java.util.Arrays.asList(args).contains("--partition")) return PartitionBench.main(args);
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
            DialLoad.untilDialWorks(probe, Duration.ofSeconds(60));
            Process standby = startAndWait(cluster, "gw-1");
            List<RayoClient> clientsOfLoad = new ArrayList<>();
            for (int i = 0; i < clients; i++) clientsOfLoad.add(cluster.client("demo", "failover-" + i));
            List<Double> takeovers = new ArrayList<>();
            int before = 0, lost = 0;
            long duplicated = 0, youngestLostMs = -1, oldestLostMs = -1;
            try (DialLoad load = new DialLoad(clientsOfLoad)) {
                Thread.sleep(5000); // steady state first: a cold holder's first writes reach Cassandra late
                load.takeUp();
                for (int k = 1; k <= kills; k++) {
                    Thread.sleep(2500);
                    long killed = System.nanoTime();
                    List<DialLoad.Up> live = load.takeUp(); // every call up at the kill, however young
                    holder.destroyForcibly();
                    holder.waitFor();
                    double ms = DialLoad.untilDialWorks(probe, Duration.ofSeconds(30)) - killed;
                    takeovers.add(ms / 1e6);
                    DialLoad.Survival s = DialLoad.hangUp(live, killed);
                    before += s.up();
                    lost += s.lost();
                    duplicated += s.duplicated();
                    if (s.lost() > 0) {
                        youngestLostMs = youngestLostMs < 0 ? s.youngestLostMs() : Math.min(youngestLostMs, s.youngestLostMs());
                        oldestLostMs = Math.max(oldestLostMs, s.oldestLostMs());
                    }
                    System.out.printf(Locale.ROOT, "kill %d: standby routing after %.0f ms; %d calls up at the kill, hung up through the new holder%n", k, ms / 1e6, live.size());
                    holder = standby;
                    standby = startAndWait(cluster, "gw-" + (k + 1));
                }
                load.close();
                takeovers.sort(Double::compare);
                System.out.printf(Locale.ROOT, "%ntakeover (kill -9 of the holder -> first dial routed by the standby) over %d kills: p50 %.0f ms, max %.0f ms (goal <= 5000 ms)%n",
                        kills, takeovers.get(takeovers.size() / 2), takeovers.get(takeovers.size() - 1));
                System.out.printf(Locale.ROOT, "calls up at a kill: %d, lost %d%s, events duplicated %d (goal 0/0); dials %d, refused during gaps %d, never answered %d%n",
                        before, lost, lost == 0 ? "" : " (answered " + youngestLostMs + "-" + oldestLostMs + " ms before the kill)", duplicated, load.dials.get(),
                        load.refused.get(), load.silent.get());
            }
            holder.destroyForcibly();
            standby.destroyForcibly();
        }
        return 0;
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
