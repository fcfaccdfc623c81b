package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.rayo.cli.ClusterLayout;
import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.gateway.Gateway;
import com.rayo.gateway.config.GatewayConfig;
import com.rayo.protocol.Jid;
import com.rayo.protocol.rayo.Signal;

/** Two gateways (own domains, same keyspace) see each other's state. */
class TwoGatewaysTest {
    /** An admin change on one gateway holds on every other within a second (default settings). */
    static final Duration ADMIN_REACH = Duration.ofSeconds(1);
    static LocalCluster cluster;
    static Gateway second;

    @BeforeAll static void start() throws Exception {
        cluster = LocalCluster.start(1, "native", "", "", "rayo2.localhost", "rayo-internal2.localhost");
        ClusterLayout l = cluster.layout();
        ClusterTest.eventually("node1 is in the shared state", () -> cluster.gateway().store().node("node1.localhost").isPresent(), Duration.ofSeconds(5));
        second = new Gateway(GatewayConfig.fromString(l.gatewayHocon()
                + "rayo.gateway.external { domain = \"rayo2.localhost\", secret = \"" + l.secret("rayo2.localhost") + "\" }\n"
                + "rayo.gateway.internal { domain = \"rayo-internal2.localhost\", secret = \"" + l.secret("rayo-internal2.localhost") + "\" }\n"
                + "rayo.gateway.id = gw-two\n"));
        assertTrue(second.awaitConnected(Duration.ofSeconds(10)));
    }

    @AfterAll static void stop() throws Exception {
        if (second != null) second.close();
        if (cluster != null) cluster.close();
    }

    @Test void clusterCountsSumTheMessagesOfEveryGatewayThatIsUp() throws Exception {
        RayoClient app = cluster.client("demo", "counts");
        RayoCall call = app.dial("sip:counted@example.com", null);
        assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, ClusterTest.WAIT));
        call.hangup();
        long first = cluster.gateway().stats().messages.get();
        assertTrue(first > 0);
        var two = com.rayo.gateway.admin.AdminMBeans.statistics(second);
        ClusterTest.eventually("gateway two's cluster count includes gateway one's messages",
                () -> two.getClusterMessagesCount() >= two.getMessagesCount() + first, Duration.ofSeconds(2));
        assertTrue(two.getClusterErrorsCount() >= two.getErrorsCount());
    }

    @Test void aClusterRequestReachesEveryGatewayAndEachOneReplies() throws Exception {
        com.rayo.gateway.admin.AdminBean.answerLogLevels(cluster.gateway().broadcasts(), new com.rayo.web.LogLevels());
        com.rayo.gateway.admin.AdminBean.answerLogLevels(second.broadcasts(), new com.rayo.web.LogLevels());
        ClusterTest.eventually("each gateway sees the other up", () -> cluster.gateway().membership().peers().stream()
                .filter(p -> p.id().equals("gw-two")).anyMatch(p -> p.state() == com.rayo.gateway.cluster.PeerState.UP), Duration.ofSeconds(5));
        long t0 = System.nanoTime();
        var stats = cluster.gateway().admin().broadcast("statistics", "");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(java.util.List.of(cluster.gateway().config().gatewayId(), "gw-two"), stats.stream().map(r -> r.gateway()).toList());
        assertTrue(stats.get(1).ok() && stats.get(1).body().matches("calls=\\d+ messages=\\d+ errors=\\d+"), stats.toString());
        assertTrue(ms < 1000, "every reply within a second: " + ms + " ms");
        var set = cluster.gateway().admin().broadcast("log-level", "com.rayo.test.broadcast DEBUG");
        assertEquals(2, set.size());
        assertTrue(set.stream().allMatch(r -> r.ok()), set.toString());
        assertEquals(ch.qos.logback.classic.Level.DEBUG, ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.rayo.test.broadcast")).getLevel());
        var bad = assertThrows(com.rayo.gateway.admin.AdminException.class, () -> cluster.gateway().admin().broadcast("log-level", "com.rayo LOUD"));
        assertTrue(bad.getMessage().contains("unknown log level"), bad.getMessage());
    }

    @Test void withAnotherGatewayUpCallStartsAreWrittenAtOnce() throws Exception {
        ClusterTest.eventually("both gateways write without linger while the other is up",
                () -> cluster.gateway().writes().linger().isZero() && second.writes().linger().isZero(), Duration.ofSeconds(5));
    }

    @Test void quiesceOnOneGatewayQuiescesTheOtherWithinASecond() throws Exception {
        cluster.gateway().admin().quiesce(true);
        try {
            ClusterTest.eventually("gateway two quiesced", () -> second.admin().quiesced(), Duration.ofSeconds(1));
        } finally {
            cluster.gateway().admin().quiesce(false);
        }
        ClusterTest.eventually("gateway two serving again", () -> !second.admin().quiesced(), Duration.ofSeconds(1));
    }

    @Test void aCallThroughOneGatewayIsInTheOthersView() throws Exception {
        RayoClient app = cluster.client("demo", "two");
        RayoCall call = app.dial("sip:x@example.com", null);
        assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, ClusterTest.WAIT));
        ClusterTest.eventually("gateway two reads the call", () -> second.store().call(call.id()).isPresent(), ClusterTest.WAIT);
        assertEquals("node1.localhost", second.store().call(call.id()).orElseThrow().node());
        assertTrue(second.store().activeCalls().stream().anyMatch(c -> c.callId().equals(call.id())));
        call.hangup();
    }

    @Test void anApplicationRegisteredOnOneIsKnownToTheOther() throws Exception {
        Jid jid = Jid.of("late@localhost");
        cluster.gateway().admin().registerApplication("staging", "late", "late@localhost");
        cluster.gateway().admin().registerAddress("late@localhost", "sip:late@example.com");
        ClusterTest.eventually("gateway two knows the new application and its address",
                () -> second.applications().find(jid) != null && second.applications().ownerOf("sip:late@example.com") != null, ADMIN_REACH);
        cluster.gateway().admin().unregisterAddress("sip:late@example.com");
        ClusterTest.eventually("gateway two forgets the address", () -> second.applications().ownerOf("sip:late@example.com") == null, ADMIN_REACH);
        cluster.gateway().admin().unregisterApplication("late@localhost");
        ClusterTest.eventually("and the application", () -> second.applications().find(jid) == null, ADMIN_REACH);
    }

    @Test void eachGatewaySeesTheOtherUpAndAnAdminDisableEverywhere() throws Exception {
        String one = cluster.gateway().config().gatewayId(), two = second.config().gatewayId();
        ClusterTest.eventually("gateway one sees two up", () -> state(cluster.gateway(), two) == com.rayo.gateway.cluster.PeerState.UP, Duration.ofSeconds(3));
        ClusterTest.eventually("gateway two sees one up", () -> state(second, one) == com.rayo.gateway.cluster.PeerState.UP, Duration.ofSeconds(3));
        cluster.gateway().admin().setPeerStatus(two, false);
        try {
            ClusterTest.eventually("both see two disabled", () -> state(cluster.gateway(), two) == com.rayo.gateway.cluster.PeerState.DISABLED
                    && state(second, two) == com.rayo.gateway.cluster.PeerState.DISABLED, ADMIN_REACH);
        } finally {
            cluster.gateway().admin().setPeerStatus(two, true);
        }
        ClusterTest.eventually("enabled again", () -> state(second, two) == com.rayo.gateway.cluster.PeerState.UP, Duration.ofSeconds(2));
        assertThrows(com.rayo.gateway.admin.AdminException.class, () -> cluster.gateway().admin().setPeerStatus("nosuch", false));
    }

    static com.rayo.gateway.cluster.PeerState state(Gateway g, String peer) {
        return g.membership().peers().stream().filter(p -> p.id().equals(peer)).findFirst().map(com.rayo.gateway.cluster.Peer::state).orElse(null);
    }

    @Test void aBanOrAnAdminBlacklistOnOneGatewayHoldsOnTheOtherWithinTheRefresh() throws Exception {
        Jid banned = Jid.of("other@localhost");
        long t0 = System.nanoTime();
        cluster.gateway().admin().ban(banned.toString(), "test");
        try {
            ClusterTest.eventually("gateway two applies the ban", () -> second.admission().bans().isBanned(Jid.of("other@localhost/any")), ADMIN_REACH);
            System.out.printf("ban seen by the other gateway after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        } finally {
            cluster.gateway().admin().unban(banned.toString());
        }
        ClusterTest.eventually("and the lift", () -> !second.admission().bans().isBanned(Jid.of("other@localhost/any")), ADMIN_REACH);
        // Gateway two loaded node1 from the shared state at start; an admin blacklist on one gateway disables it on both.
        assertNotNull(second.nodes().find("node1.localhost"));
        cluster.gateway().admin().blacklist("staging", "node1.localhost", true);
        try {
            assertFalse(cluster.gateway().nodes().find("node1.localhost").takesCalls());
            ClusterTest.eventually("gateway two disables node1 too", () -> !second.nodes().find("node1.localhost").takesCalls(), ADMIN_REACH);
        } finally {
            cluster.gateway().admin().blacklist("staging", "node1.localhost", false);
        }
        cluster.gateway().admin().setMaxDialRetries(4);
        try {
            ClusterTest.eventually("maxDialRetries set on one holds on the other", () -> second.admin().maxDialRetries() == 4, ADMIN_REACH);
        } finally {
            cluster.gateway().admin().setMaxDialRetries(2);
        }
        ClusterTest.eventually("lifted on both", () -> second.nodes().find("node1.localhost").takesCalls()
                && cluster.gateway().nodes().find("node1.localhost").takesCalls(), Duration.ofSeconds(5));
    }
}
