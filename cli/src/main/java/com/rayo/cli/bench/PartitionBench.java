package com.rayo.cli.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoClient;
import com.rayo.gateway.Gateway;
import com.rayo.gateway.cluster.PeerState;
import com.rayo.testkit.TcpProxy;

/**
 * {@code bin/rayo bench failover --partition [--server prosody|ejabberd] [--cuts N] [--clients N]}:
 * two gateways with the same domains, each reaching Cassandra through a link of its own (a
 * {@link TcpProxy}); under a steady dial load the holder's link alone is cut, {@code --cuts} times,
 * the roles swapping each time. Prints takeover p50/max (cut → first dial routed by the other),
 * calls up at the cut that could not be hung up afterwards, duplicated events, writes the old
 * holder fenced, and the moments when both gateways could act (sampled every 2 ms; must be 0).
 * The gateways run in this process so that "could act" is read, not guessed from logs.
 */
final class PartitionBench {
    private PartitionBench() {}

    static int main(String[] args) throws Exception {
        int cuts = RoutingBench.intArg(args, "--cuts", 6);
        int clients = RoutingBench.intArg(args, "--clients", 4);
        String server = RoutingBench.stringArg(args, "--server", "prosody");
        System.out.printf("failover benchmark, partition: %d cuts of the holder's Cassandra link on %s, %d dialling clients, %d cores%n", cuts, server, clients,
                Runtime.getRuntime().availableProcessors());
        try (LocalCluster cluster = server.equals("ejabberd") ? LocalCluster.startOnEjabberd(2, "") : LocalCluster.start(2, "native", "", "")) {
            InetSocketAddress cql = cluster.gateway().config().storeSettings().contactPoints().get(0);
            cluster.gateway().close();
            TcpProxy[] links = {new TcpProxy(cql.getHostString(), cql.getPort()), new TcpProxy(cql.getHostString(), cql.getPort())};
            Gateway[] gws = new Gateway[2];
            gws[0] = gateway(cluster, "gw-a", links[0]);
            if (!gws[0].awaitConnected(Duration.ofSeconds(30))) throw new IllegalStateException("gw-a did not connect");
            RayoClient probe = cluster.client("demo", "partition-probe");
            probe.setTimeout(Duration.ofSeconds(1));
            DialLoad.untilDialWorks(probe, Duration.ofSeconds(60));
            gws[1] = gateway(cluster, "gw-b", links[1]);
            List<RayoClient> loadClients = new ArrayList<>();
            for (int i = 0; i < clients; i++) loadClients.add(cluster.client("demo", "partition-" + i));
            List<Double> takeovers = new ArrayList<>();
            int up = 0, lost = 0;
            long duplicated = 0, fenced = 0;
            try (BothActing both = new BothActing(gws); DialLoad load = new DialLoad(loadClients)) {
                Thread.sleep(5000);
                load.takeUp();
                for (int k = 1; k <= cuts; k++) {
                    int h = gws[0].lease().held() ? 0 : 1, s = 1 - h;
                    awaitSeesUp(gws[h], gws[s].config().gatewayId());
                    Thread.sleep(2500);
                    long fencedBefore = gws[h].writes().fenced();
                    long cutAt = System.nanoTime();
                    List<DialLoad.Up> live = load.takeUp();
                    links[h].partition();
                    // The cut-off holder routes on until its deadline: the takeover is the other one routing.
                    long deadline = cutAt + Duration.ofSeconds(30).toNanos();
                    while (!BothActing.acting(gws[s])) {
                        if (System.nanoTime() > deadline) throw new IllegalStateException(gws[s].config().gatewayId() + " did not take over in 30 s");
                        Thread.sleep(5);
                    }
                    double ms = (DialLoad.untilDialWorks(probe, Duration.ofSeconds(30)) - cutAt) / 1e6;
                    takeovers.add(ms);
                    DialLoad.Survival survival = DialLoad.hangUp(live, cutAt);
                    up += survival.up();
                    lost += survival.lost();
                    duplicated += survival.duplicated();
                    links[h].heal();
                    gws[h].writes().awaitDrained(Duration.ofSeconds(10));
                    fenced += gws[h].writes().fenced() - fencedBefore;
                    System.out.printf(Locale.ROOT, "cut %d (%s's link): %s routing after %.0f ms; %d calls up at the cut, %d lost; %d writes fenced at the old holder%n",
                            k, gws[h].config().gatewayId(), gws[s].config().gatewayId(), ms, survival.up(), survival.lost(), gws[h].writes().fenced() - fencedBefore);
                }
                load.close();
                takeovers.sort(Double::compare);
                System.out.printf(Locale.ROOT, "%ntakeover (holder's Cassandra link cut -> first dial routed by the other) over %d cuts on %s: p50 %.0f ms, max %.0f ms (goal <= 5000 ms)%n",
                        cuts, server, takeovers.get(takeovers.size() / 2), takeovers.get(takeovers.size() - 1));
                System.out.printf(Locale.ROOT, "calls up at a cut: %d, lost %d, events duplicated %d; moments with two gateways able to act: %d (%d ms) (goal 0); "
                        + "writes fenced %d; dials %d, refused while cut off %d, never answered %d%n", up, lost, duplicated, both.moments(), both.millis(), fenced,
                        load.dials.get(), load.refused.get(), load.silent.get());
            } finally {
                for (Gateway g : gws) if (g != null) g.close();
                for (TcpProxy l : links) l.close();
            }
        }
        return 0;
    }

    private static Gateway gateway(LocalCluster cluster, String id, TcpProxy link) throws Exception {
        return new Gateway(cluster.gatewayConfig("rayo.gateway.id = " + id + "\nrayo.gateway.store.contact-points = [\"127.0.0.1:" + link.port() + "\"]\n"));
    }

    /** A holder fences itself only when it knows a standby could take over: wait until it sees one. */
    private static void awaitSeesUp(Gateway holder, String other) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (holder.membership().peers().stream().noneMatch(p -> p.id().equals(other) && p.state() == PeerState.UP)) {
            if (System.nanoTime() > deadline) throw new IllegalStateException(holder.config().gatewayId() + " never saw " + other + " up again");
            Thread.sleep(50);
        }
    }

    /** Samples every 2 ms whether both gateways are connected and allowed to act. */
    private static final class BothActing implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong moments = new AtomicLong(), samples = new AtomicLong();
        private final Thread thread;

        BothActing(Gateway[] gws) {
            thread = new Thread(() -> {
                boolean was = false;
                while (running.get()) {
                    boolean now = gws[0] != null && gws[1] != null && acting(gws[0]) && acting(gws[1]);
                    if (now) samples.incrementAndGet();
                    if (now && !was) moments.incrementAndGet();
                    was = now;
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "both-acting");
            thread.setDaemon(true);
            thread.start();
        }

        static boolean acting(Gateway g) { return g.isConnected() && g.lease().mayConnect(); }

        long moments() { return moments.get(); }

        long millis() { return samples.get() * 2; }

        @Override public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
