package com.rayo.cassandra;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.Rows.AddressRow;
import com.rayo.cassandra.store.Rows.ApplicationRow;
import com.rayo.cassandra.store.Rows.BanRow;
import com.rayo.cassandra.store.Rows.BlacklistRow;
import com.rayo.cassandra.store.Rows.CallRow;
import com.rayo.cassandra.store.Rows;
import com.rayo.cassandra.store.Rows.MixerRow;
import com.rayo.cassandra.store.Rows.NodeRow;
import com.rayo.cassandra.store.Rows.ResourceRow;

/** Every query the gateway uses, against any {@link ClusterStore}. */
abstract class ClusterStoreContract {
    abstract ClusterStore store();

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    static CallRow call(String id, String node, String app) {
        return new CallRow(id, node, app, app + "/r", "OUTBOUND", "active", "gw1", NOW, null, null);
    }

    @Test void nodesByDomainAndPlatform() {
        ClusterStore s = store();
        s.putNode(new NodeRow("n1.x", "prod", 3, 1, "AVAILABLE", 2, 100, "gw1", NOW));
        s.putNode(new NodeRow("n2.x", "prod", 1, 2, "DRAINING", 0, 100, "gw1", NOW));
        s.putNode(new NodeRow("n3.x", "staging", 1, 1, "AVAILABLE", 0, 100, "gw1", NOW));
        assertEquals(3, s.node("n1.x").orElseThrow().weight());
        assertEquals(Set.of("n1.x", "n2.x"), s.nodesOnPlatform("prod").stream().map(NodeRow::domain).collect(Collectors.toSet()));
        s.removeNode("n2.x", "prod");
        assertEquals(Set.of("n1.x"), s.nodesOnPlatform("prod").stream().map(NodeRow::domain).collect(Collectors.toSet()));
        assertTrue(s.node("n2.x").isEmpty());
        assertTrue(s.nodes().stream().anyMatch(n -> n.domain().equals("n3.x")));
    }

    @Test void applicationsAddressesAndResources() {
        ClusterStore s = store();
        s.putApplication(new ApplicationRow("app@x", "app", "prod"));
        s.putAddress(new AddressRow("sip:a@x", "app@x"));
        s.putAddress(new AddressRow("sip:b@x", "app@x"));
        assertEquals("app", s.application("app@x").orElseThrow().name());
        assertEquals("app@x", s.address("sip:a@x").orElseThrow().appJid());
        assertEquals(Set.of("sip:a@x", "sip:b@x"), Set.copyOf(s.addressesOf("app@x")));
        s.putApplication(new ApplicationRow("other@x", "other", "prod"));
        s.putAddress(new AddressRow("sip:b@x", "other@x"));
        assertEquals(Set.of("sip:a@x"), Set.copyOf(s.addressesOf("app@x")), "an address has one owner");
        s.putResource(new ResourceRow("app@x", "r1", true, "gw1", NOW));
        s.putResource(new ResourceRow("app@x", "r2", false, "gw1", NOW));
        assertEquals(2, s.resourcesOf("app@x").size());
        s.removeResource("app@x", "r1");
        assertEquals("r2", s.resourcesOf("app@x").get(0).resource());
        s.removeApplication("app@x");
        assertTrue(s.application("app@x").isEmpty());
        assertTrue(s.address("sip:a@x").isEmpty(), "its addresses go with it");
    }

    @Test void callsByIdNodeApplicationAndActive() {
        ClusterStore s = store();
        s.putNode(new NodeRow("n1.x", "prod", 1, 1, "AVAILABLE", 0, 10, "gw1", NOW));
        s.putNode(new NodeRow("n2.x", "prod", 1, 1, "AVAILABLE", 0, 10, "gw1", NOW));
        s.putCall(call("c1", "n1.x", "app1@x"));
        s.putCall(call("c2", "n1.x", "app2@x"));
        s.putCall(call("c3", "n2.x", "app1@x"));
        assertEquals("n1.x", s.call("c1").orElseThrow().node());
        assertEquals(Set.of("c1", "c2"), s.callsOnNode("n1.x").stream().map(CallRow::callId).collect(Collectors.toSet()));
        assertEquals(Set.of("c1", "c3"), s.callsOfApplication("app1@x").stream().map(CallRow::callId).collect(Collectors.toSet()));
        assertTrue(s.activeCalls().stream().map(CallRow::callId).collect(Collectors.toSet()).containsAll(Set.of("c1", "c2", "c3")));
        s.endCall(s.call("c1").orElseThrow().ended(NOW, "hangup-command"));
        CallRow history = s.call("c1").orElseThrow();
        assertEquals("hangup-command", history.endReason());
        assertNotNull(history.ended());
        assertEquals(Set.of("c2"), s.callsOnNode("n1.x").stream().map(CallRow::callId).collect(Collectors.toSet()));
        assertFalse(s.activeCalls().stream().anyMatch(c -> c.callId().equals("c1")));
    }

    @Test void endedCallsAreListedByTimeWindowNewestFirst() {
        ClusterStore s = store();
        java.time.Instant base = java.time.Instant.parse("2001-02-03T10:58:00Z"); // a window no other test writes in
        String run = Long.toString(System.nanoTime());
        for (int i = 0; i < 6; i++) {
            String id = "w" + run + "-" + i;
            s.putCall(call(id, "n1.x", "app1@x"));
            s.endCall(s.call(id).orElseThrow().ended(base.plusSeconds(60L * i), "hangup-command")); // 10:58 ... 11:03: two hours
        }
        s.recordEndedCall(call("w" + run + "-short", "n1.x", "app1@x").ended(base.plusSeconds(90), "busy"));
        java.util.List<String> all = s.endedCalls(base, base.plusSeconds(3600), 100).stream().map(CallRow::callId).toList();
        assertEquals(java.util.List.of("w" + run + "-5", "w" + run + "-4", "w" + run + "-3", "w" + run + "-2", "w" + run + "-short", "w" + run + "-1", "w" + run + "-0"), all,
                "every call that ended in the window, across hour partitions, newest first");
        assertEquals(java.util.List.of("w" + run + "-2", "w" + run + "-short", "w" + run + "-1"),
                s.endedCalls(base.plusSeconds(60), base.plusSeconds(180), 100).stream().map(CallRow::callId).toList(), "from inclusive, to exclusive");
        assertEquals(2, s.endedCalls(base, base.plusSeconds(3600), 2).size(), "at most max");
        CallRow row = s.endedCalls(base.plusSeconds(90), base.plusSeconds(91), 1).get(0);
        assertEquals("busy", row.endReason());
        assertEquals("app1@x", row.appJid());
    }

    @Test void mixersBansAndBlacklist() {
        ClusterStore s = store();
        s.putMixer(new MixerRow("conf1", "sales", "app1@x", "n1.x", NOW));
        s.putMixerParticipant("conf1", new Rows.ParticipantRow("c1", "duplex", false));
        s.putMixerParticipant("conf1", new Rows.ParticipantRow("c2", "send", false));
        s.removeMixerParticipant("conf1", "c1");
        s.putMixerParticipant("conf1", new Rows.ParticipantRow("c2", "send", true));
        assertEquals(java.util.List.of(new Rows.ParticipantRow("c2", "send", true)), s.mixerParticipants("conf1"));
        assertTrue(s.mixers().stream().anyMatch(m -> m.name().equals("conf1") && m.mixerName().equals("sales") && m.application().equals("app1@x")));
        s.removeMixer("conf1");
        assertFalse(s.mixers().stream().anyMatch(m -> m.name().equals("conf1")));
        assertEquals(java.util.List.of(), s.mixerParticipants("conf1"), "a removed mixer leaves no participants behind");
        s.putBan(new BanRow("bad@x", "abuse", NOW));
        assertTrue(s.bans().stream().anyMatch(b -> b.jid().equals("bad@x")));
        s.removeBan("bad@x");
        assertFalse(s.bans().stream().anyMatch(b -> b.jid().equals("bad@x")));
        s.putBlacklist(new BlacklistRow("prod", "n9.x", "admin", null));
        assertEquals("n9.x", s.blacklist("prod").get(0).domain());
        s.removeBlacklist("prod", "n9.x");
        assertTrue(s.blacklist("prod").isEmpty());
    }

    @Test void gatewayHeartbeatsAndAdminStatusAreKeptApart() {
        ClusterStore s = store();
        s.putGateway(new com.rayo.cassandra.store.Rows.GatewayRow("gw-a", NOW, NOW, 3, 100, 2, "rayo,internal"), java.time.Duration.ofMinutes(5));
        s.putGateway(new com.rayo.cassandra.store.Rows.GatewayRow("gw-b", NOW, NOW, 0, 0, 0, "rayo,internal"), java.time.Duration.ofMinutes(5));
        com.rayo.cassandra.store.Rows.GatewayRow a = s.gateways().stream().filter(g -> g.id().equals("gw-a")).findFirst().orElseThrow();
        assertEquals(3, a.calls());
        assertEquals(100, a.messages());
        s.setGatewayDisabled("gw-b", true);
        s.putGateway(new com.rayo.cassandra.store.Rows.GatewayRow("gw-b", NOW.plusSeconds(1), NOW, 0, 0, 0, "rayo,internal"), java.time.Duration.ofMinutes(5));
        assertEquals(java.util.Set.of("gw-b"), s.disabledGateways(), "a heartbeat does not undo an admin's disable");
        s.setGatewayDisabled("gw-b", false);
        assertTrue(s.disabledGateways().isEmpty());
        s.putSetting("max-dial-retries", "4");
        s.putSetting("max-dial-retries", "5");
        assertEquals("5", s.settings().get("max-dial-retries"));
    }

    @Test void aLeaseHasOneHolderAtATimeExpiresUnlessRenewedAndCountsItsHolders() throws InterruptedException {
        ClusterStore s = store();
        String name = "domains-" + System.nanoTime();
        // Long TTLs until the expiry step: a slow CI machine may spend over a second on the LWTs.
        java.time.Duration minute = java.time.Duration.ofMinutes(1), second = java.time.Duration.ofSeconds(1);
        com.rayo.cassandra.store.Rows.LeaseRow never = s.lease(name);
        assertTrue(never.free());
        assertEquals(0, never.epoch());
        assertTrue(s.acquireLease(name, "gw-a", 0, minute));
        assertFalse(s.acquireLease(name, "gw-b", 0, minute), "one holder at a time");
        assertEquals("gw-a", s.lease(name).holder());
        assertEquals(1, s.lease(name).epoch());
        assertFalse(s.renewLease(name, "gw-b", 1, minute), "only the holder renews");
        assertFalse(s.renewLease(name, "gw-a", 0, minute), "a stale epoch does not renew");
        assertTrue(s.renewLease(name, "gw-a", 1, second));
        Thread.sleep(2200);
        com.rayo.cassandra.store.Rows.LeaseRow expired = s.lease(name);
        assertTrue(expired.free(), "expired without renewal");
        assertEquals(1, expired.epoch(), "the epoch outlives the holder");
        assertEquals("gw-a", expired.lastHolder());
        assertFalse(s.renewLease(name, "gw-a", 1, second), "an expired lease is not renewed");
        assertFalse(s.acquireLease(name, "gw-b", 0, second), "a taker that did not see the last epoch loses");
        assertTrue(s.acquireLease(name, "gw-b", 1, java.time.Duration.ofSeconds(30)));
        s.releaseLease(name, "gw-a", 1);
        assertEquals("gw-b", s.lease(name).holder(), "only the holder releases");
        s.releaseLease(name, "gw-b", 2);
        com.rayo.cassandra.store.Rows.LeaseRow released = s.lease(name);
        assertTrue(released.free());
        assertEquals(2, released.epoch());
        assertNull(released.lastHolder(), "a clean release leaves nobody to wait for");
    }

    @Test void broadcastRequestsAreReadSinceATimeAndCollectOneReplyPerGateway() {
        ClusterStore s = store();
        java.time.Instant t0 = java.time.Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String a = "req-a-" + System.nanoTime(), b = "req-b-" + System.nanoTime();
        s.postRequest(new com.rayo.cassandra.store.Rows.RequestRow(a, "gw-a", t0.minusSeconds(90), "statistics", ""));
        s.postRequest(new com.rayo.cassandra.store.Rows.RequestRow(b, "gw-a", t0, "log-level", "com.rayo DEBUG"));
        java.util.List<String> recent = s.requestsSince(t0.minusSeconds(1)).stream().map(com.rayo.cassandra.store.Rows.RequestRow::id).toList();
        assertTrue(recent.contains(b) && !recent.contains(a), recent.toString());
        java.util.List<String> both = s.requestsSince(t0.minusSeconds(120)).stream().map(com.rayo.cassandra.store.Rows.RequestRow::id).toList();
        assertTrue(both.indexOf(a) >= 0 && both.indexOf(a) < both.indexOf(b), "across minutes, oldest first: " + both);
        com.rayo.cassandra.store.Rows.RequestRow read = s.requestsSince(t0).stream().filter(r -> r.id().equals(b)).findFirst().orElseThrow();
        assertEquals("log-level", read.kind());
        assertEquals("com.rayo DEBUG", read.body());
        s.putReply(new com.rayo.cassandra.store.Rows.ReplyRow(b, "gw-b", true, "ok", t0));
        s.putReply(new com.rayo.cassandra.store.Rows.ReplyRow(b, "gw-c", false, "unknown logger", t0));
        assertEquals(java.util.Set.of("gw-b", "gw-c"), s.replies(b).stream().map(com.rayo.cassandra.store.Rows.ReplyRow::gateway).collect(Collectors.toSet()));
        assertTrue(s.replies(a).isEmpty());
    }

    @Test void writesGroupedTogetherAllLand() {
        ClusterStore s = store();
        s.writeTogether(() -> {
            s.putCall(call("g1", "n7.x", "g@x"));
            s.putCall(call("g2", "n7.x", "g@x"));
            s.putBan(new BanRow("g@x", "grouped", NOW));
        });
        assertEquals(Set.of("g1", "g2"), s.callsOfApplication("g@x").stream().map(CallRow::callId).collect(Collectors.toSet()));
        assertTrue(s.bans().stream().anyMatch(b -> b.jid().equals("g@x")));
    }
}
