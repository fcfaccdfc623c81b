package com.rayo.gateway.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.rayo.cassandra.store.MemoryStore;
import com.rayo.gateway.FakeClock;

class MembershipTest {
    final FakeClock clock = new FakeClock();
    final MemoryStore store = new MemoryStore();
    final List<String> events = new ArrayList<>();

    Membership member(String id) {
        return new Membership(id, "rayo,internal", store, Membership.Settings.defaults(), clock, () -> new Membership.Counters(2, 10, 1),
                (peer, before, now) -> events.add(id + " sees " + peer + ": " + before + " -> " + now));
    }

    PeerState stateOf(Membership m, String peer) {
        return m.peers().stream().filter(p -> p.id().equals(peer)).findFirst().map(Peer::state).orElse(null);
    }

    @Test void peersAreUpWhileTheyBeatThenProbingThenDown() {
        Membership a = member("gw-a"), b = member("gw-b");
        a.run();
        b.run();
        a.run();
        assertEquals(PeerState.UP, stateOf(a, "gw-b"));
        assertTrue(a.peers().stream().anyMatch(p -> p.self() && p.id().equals("gw-a")));
        assertEquals(2, a.peers().get(1).calls(), "its own figures travel with its heartbeat");
        clock.advance(Duration.ofMillis(1500)); // b stops beating
        a.run();
        assertEquals(PeerState.PROBING, stateOf(a, "gw-b"));
        clock.advance(Duration.ofMillis(1500));
        a.run();
        assertEquals(PeerState.DOWN, stateOf(a, "gw-b"));
        b.run(); // b is back
        a.run();
        assertEquals(PeerState.UP, stateOf(a, "gw-b"));
        assertTrue(events.contains("gw-a sees gw-b: null -> UP"), events.toString());
        assertTrue(events.contains("gw-a sees gw-b: UP -> PROBING"));
        assertTrue(events.contains("gw-a sees gw-b: PROBING -> DOWN"));
        assertTrue(events.contains("gw-a sees gw-b: DOWN -> UP"));
    }

    @Test void anAdminDisableHoldsWhateverTheHeartbeats() {
        Membership a = member("gw-a"), b = member("gw-b");
        b.run();
        store.setGatewayDisabled("gw-b", true);
        b.run();
        a.run();
        assertEquals(PeerState.DISABLED, stateOf(a, "gw-b"));
        store.setGatewayDisabled("gw-b", false);
        a.run();
        assertEquals(PeerState.UP, stateOf(a, "gw-b"));
    }

    @Test void theStoreBeingDownLeavesTheLastViewAlone() {
        Membership a = member("gw-a");
        a.run();
        List<Peer> before = a.peers();
        com.rayo.cassandra.store.ClusterStore down = (com.rayo.cassandra.store.ClusterStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {com.rayo.cassandra.store.ClusterStore.class}, (proxy, method, args) -> { throw new IllegalStateException("Cassandra down"); });
        Membership broken = new Membership("gw-a", "rayo,internal", down, Membership.Settings.defaults(), clock, () -> new Membership.Counters(0, 0, 0), (p, x, y) -> { });
        broken.run();
        assertEquals(List.of(), broken.peers(), "no view yet, no exception");
        assertEquals(before, a.peers());
    }
}
