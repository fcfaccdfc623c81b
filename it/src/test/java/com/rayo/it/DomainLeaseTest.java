package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.gateway.Gateway;
import com.rayo.gateway.cluster.Peer;
import com.rayo.gateway.cluster.PeerState;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;
import com.rayo.testkit.TcpProxy;

/**
 * The lease on the XMPP domains against real Prosody and Cassandra, with gateway processes:
 * a frozen holder (SIGSTOP: its socket stays open) is replaced and does not act when it resumes;
 * a standby cut off from Cassandra is seen down and never takes the domains from a healthy holder.
 */
class DomainLeaseTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    @Test void aFrozenHolderIsReplacedAndDoesNotActWhenItResumes() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1, "native", "", "")) {
            cluster.gateway().close();
            Process holder = cluster.startGatewayProcess("gw-frozen", "");
            Path holderLog = cluster.dir().resolve("gateway-gw-frozen.log");
            RayoClient app = cluster.client("demo", "frozen");
            StandbyGatewayTest.awaitServed(app, holderLog);
            try (Gateway standby = new Gateway(cluster.gatewayConfig("rayo.gateway.id = gw-standby\n"))) {
                RayoCall call = app.dial("sip:before@example.com", null);
                assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT));
                Thread.sleep(1500); // stored by the holder's write-behind
                int atNode = cluster.node(1).backend().activeCalls();
                signal("STOP", holder);
                long stopped = System.nanoTime();
                try {
                    // Prosody hands this dial to the frozen holder's open socket: lost with it, and it must not
                    // be routed when the holder resumes after losing the lease.
                    app.setTimeout(Duration.ofSeconds(1));
                    assertThrows(RayoException.class, () -> app.dial("sip:while-frozen@example.com", null));
                    app.setTimeout(WAIT);
                    ClusterTest.eventually("the standby holds the domains", standby::isConnected, Duration.ofSeconds(5));
                    System.out.printf("takeover from a frozen holder: %d ms%n", (System.nanoTime() - stopped) / 1_000_000);
                } finally {
                    signal("CONT", holder);
                }
                ClusterTest.eventually("the resumed holder learns its lease is gone", () -> logContains(holderLog, "event=lease-lost"), WAIT);
                ClusterTest.eventually("and forgets the calls the new holder has now", () -> logContains(holderLog, "event=calls-forgotten count="), WAIT);
                Thread.sleep(1500);
                assertTrue(holder.isAlive(), "paused, not dead");
                assertTrue(standby.isConnected(), "the resumed holder did not take the domains back");
                assertEquals(atNode, cluster.node(1).backend().activeCalls(), "what the frozen holder had read was not routed when it resumed");
                call.hangup();
                End end = call.await(End.class, WAIT);
                assertNotNull(end, "the owner controls its call through the new holder");
                assertNull(call.await(End.class, Duration.ofSeconds(1)), "one end event, not one per gateway");
                RayoCall next = app.dial("sip:after@example.com", null);
                assertNotNull(next.awaitSignal(Signal.Type.ANSWERED, WAIT));
                assertNull(next.awaitSignal(Signal.Type.ANSWERED, Duration.ofSeconds(1)), "answered once");
                next.hangup();
                assertEquals(Peer.HOLDER, standby.membership().peers().stream().filter(Peer::self).findFirst().orElseThrow().role());
            } finally {
                holder.destroyForcibly();
            }
        }
    }

    @Test void aStandbyCutOffFromCassandraIsSeenDownAndNeverTakesTheDomains() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(1, "native", "", "")) {
            Gateway holder = cluster.gateway();
            RayoClient app = cluster.client("demo", "partition");
            String cassandra = holder.config().storeSettings().contactPoints().get(0).getHostString();
            int cqlPort = holder.config().storeSettings().contactPoints().get(0).getPort();
            try (TcpProxy cut = new TcpProxy(cassandra, cqlPort);
                 Gateway standby = new Gateway(cluster.gatewayConfig("rayo.gateway.id = gw-cut\n"
                         + "rayo.gateway.store.contact-points = [\"127.0.0.1:" + cut.port() + "\"]\n"))) {
                ClusterTest.eventually("the holder sees the standby up", () -> stateOf(holder, "gw-cut") == PeerState.UP, WAIT);
                cut.partition();
                ClusterTest.eventually("the holder sees the cut-off standby down", () -> stateOf(holder, "gw-cut") == PeerState.DOWN, WAIT);
                long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (System.nanoTime() < until) {
                    assertFalse(standby.isConnected(), "a gateway that cannot see the lease never takes the domains");
                    assertTrue(holder.isConnected());
                    Thread.sleep(50);
                }
                RayoCall call = app.dial("sip:during@example.com", null);
                assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT), "the healthy holder keeps serving");
                cut.heal();
                ClusterTest.eventually("the standby is back in the view", () -> stateOf(holder, "gw-cut") == PeerState.UP, Duration.ofSeconds(20));
                Thread.sleep(2000);
                assertFalse(standby.isConnected(), "back, and still a standby");
                assertTrue(holder.lease().held());
                call.hangup();
                assertNotNull(call.await(End.class, WAIT));
            }
        }
    }

    /**
     * Fencing that does not depend on the XMPP server: only the holder's Cassandra link is cut, under
     * dial load. It stops acting at its lease deadline (refusing new dials before, since it could not
     * store them for a successor), the standby takes over, and at no moment may both act — on ejabberd
     * too, which would let both connections hold the domains. Every call up before the cut stays
     * controllable through the new holder.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "on {0}") @org.junit.jupiter.params.provider.ValueSource(strings = { "prosody", "ejabberd" })
    void aHolderCutOffFromCassandraFencesItselfAndTheStandbyTakesOver(String server) throws Exception {
        try (LocalCluster cluster = server.equals("ejabberd") ? LocalCluster.startOnEjabberd(1, "") : LocalCluster.start(1, "native", "", "")) {
            java.net.InetSocketAddress cql = cluster.gateway().config().storeSettings().contactPoints().get(0);
            cluster.gateway().close();
            try (TcpProxy cut = new TcpProxy(cql.getHostString(), cql.getPort());
                 Gateway holder = new Gateway(cluster.gatewayConfig("rayo.gateway.id = gw-holder\n"
                         + "rayo.gateway.store.contact-points = [\"127.0.0.1:" + cut.port() + "\"]\n"))) {
                assertTrue(holder.awaitConnected(Duration.ofSeconds(10)));
                RayoClient app = cluster.client("demo", "fence");
                StandbyGatewayTest.awaitServed(app, cluster.dir().resolve("none.log"));
                try (Gateway standby = new Gateway(cluster.gatewayConfig("rayo.gateway.id = gw-standby\n"))) {
                    ClusterTest.eventually("the holder sees the standby", () -> stateOf(holder, "gw-standby") == PeerState.UP, WAIT);
                    java.util.List<RayoCall> up = new java.util.ArrayList<>();
                    for (int i = 0; i < 5; i++) {
                        RayoCall c = app.dial("sip:up" + i + "@example.com", null);
                        assertNotNull(c.awaitSignal(Signal.Type.ANSWERED, WAIT));
                        up.add(c);
                    }
                    assertTrue(holder.writes().awaitDrained(WAIT), "the calls are stored");
                    java.util.concurrent.atomic.AtomicInteger both = new java.util.concurrent.atomic.AtomicInteger();
                    java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
                    Thread watch = new Thread(() -> {
                        while (watching.get()) {
                            if (holder.isConnected() && holder.lease().mayConnect() && standby.isConnected() && standby.lease().mayConnect()) both.incrementAndGet();
                            try {
                                Thread.sleep(2);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }, "fence-watch");
                    watch.start();
                    DrainTest.Load load = new DrainTest.Load(cluster, cluster.client("demo", "fence-load"), 3);
                    long cutAt;
                    try (load) {
                        Thread.sleep(500);
                        cutAt = System.nanoTime();
                        cut.partition();
                        ClusterTest.eventually("the standby holds the domains", () -> standby.isConnected() && standby.lease().mayConnect(), Duration.ofSeconds(5));
                        System.out.printf("takeover after the holder's Cassandra link was cut, on %s: %d ms; dials %d, refused or failed %d%n", server,
                                (System.nanoTime() - cutAt) / 1_000_000, load.dials.get(), load.failures.get());
                        ClusterTest.eventually("the cut-off holder gave the domains up", () -> !holder.lease().held(), WAIT);
                        Thread.sleep(1000);
                    } finally {
                        watching.set(false);
                        watch.join();
                    }
                    assertEquals(0, both.get(), "at no moment could both gateways act");
                    for (RayoCall c : up) {
                        c.hangup();
                        End end = c.await(End.class, WAIT);
                        assertNotNull(end, "a call up before the cut is controlled through the new holder: none lost");
                        assertNull(c.await(End.class, Duration.ofMillis(300)), "one end, from one gateway");
                    }
                    RayoCall after = app.dial("sip:after@example.com", null);
                    assertNotNull(after.awaitSignal(Signal.Type.ANSWERED, WAIT), "new calls through the new holder");
                    after.hangup();
                    // What the cut-off holder still had queued is fenced, not kept for when its link returns.
                    assertTrue(holder.writes().awaitDrained(WAIT), "nothing of the old holder waits to be written over its successor's state");
                    long written = holder.writes().written();
                    System.out.printf("writes fenced at the old holder on %s: %d%n", server, holder.writes().fenced());
                    cut.heal();
                    Thread.sleep(2000);
                    assertEquals(written, holder.writes().written(), "the old holder writes nothing once its link is back");
                    assertTrue(standby.writes().awaitDrained(WAIT));
                    for (RayoCall c : up) {
                        assertEquals("ended", standby.store().call(c.id()).map(r -> r.state()).orElse("missing"), "the successor's state stands: " + c.id());
                    }
                }
            }
        }
    }

    static PeerState stateOf(Gateway gw, String id) {
        return gw.membership().peers().stream().filter(p -> p.id().equals(id)).findFirst().map(Peer::state).orElse(null);
    }

    static boolean logContains(Path log, String text) {
        try {
            return Files.exists(log) && Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static void signal(String sig, Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).inheritIO().start().waitFor(), "kill -" + sig);
    }
}
