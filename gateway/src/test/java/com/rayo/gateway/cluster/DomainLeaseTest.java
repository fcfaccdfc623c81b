package com.rayo.gateway.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.MemoryStore;
import com.rayo.gateway.FakeClock;

class DomainLeaseTest {
    final FakeClock clock = new FakeClock();
    final MemoryStore memory = new MemoryStore(clock);
    volatile boolean storeDown;
    /** The shared store, which a test can take down for everyone. */
    final ClusterStore store = (ClusterStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ClusterStore.class},
            (proxy, method, args) -> {
                if (storeDown) throw new IllegalStateException("Cassandra unreachable");
                try {
                    return method.invoke(memory, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    final List<String> events = new ArrayList<>();

    /** One gateway: its membership and its lease, run in rounds by the test; {@code cut} takes the store away from it alone. */
    final class Gw {
        final String id;
        final Membership membership;
        final DomainLease lease;
        boolean running = true;
        volatile boolean cut;

        Gw(String id) {
            this.id = id;
            ClusterStore own = (ClusterStore) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ClusterStore.class},
                    (proxy, method, args) -> {
                        if (cut) throw new IllegalStateException("Cassandra unreachable from " + id);
                        try {
                            return method.invoke(store, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
            membership = new Membership(id, "rayo,internal", own, Membership.Settings.defaults(), clock, () -> new Membership.Counters(0, 0, 0), (p, b, n) -> { });
            lease = new DomainLease("xmpp-domains:rayo,internal", id, own, DomainLease.Settings.defaults(), () -> clock.millis() * 1_000_000L,
                    membership::confirmedGone, membership::selfDisabled, membership::othersMayTakeOver, new DomainLease.Listener() {
                        @Override public void acquired(long epoch) { events.add(id + " acquired " + epoch); }
                        @Override public void lost(String reason) { events.add(id + " lost"); }
                    });
            membership.holderFrom(lease::holder);
        }

        void round() {
            if (!running) return;
            membership.run();
            lease.run();
        }
    }

    /** Every running gateway's round, every 500 ms of fake time, for {@code d}. */
    void runFor(Duration d, Gw... gws) {
        for (long t = 0; t < d.toMillis(); t += 500) {
            for (Gw g : gws) g.round();
            clock.advance(Duration.ofMillis(500));
        }
    }

    @Test void oneGatewayHoldsTheDomainsTheOtherStandsBy() throws InterruptedException {
        Gw a = new Gw("gw-a"), b = new Gw("gw-b");
        runFor(Duration.ofSeconds(5), a, b);
        assertTrue(a.lease.held() && a.lease.mayConnect() && a.lease.awaitMayAct(), "the first to ask holds");
        assertFalse(b.lease.held() || b.lease.mayConnect() || b.lease.awaitMayAct(), "the other only stands by");
        assertEquals(1, a.lease.epoch());
        assertEquals(List.of("gw-a acquired 1"), events, "renewals do not move the lease");
        assertEquals(Peer.HOLDER, b.membership.peers().stream().filter(p -> p.id().equals("gw-a")).findFirst().orElseThrow().role());
    }

    @Test void aStandbyTakesADeadHoldersDomainsOnceTheLeaseExpiredAndTheHolderIsConfirmedDown() {
        Gw a = new Gw("gw-a"), b = new Gw("gw-b");
        runFor(Duration.ofSeconds(4), a, b);
        a.running = false; // kill -9
        runFor(Duration.ofMillis(2500), b);
        assertFalse(b.lease.held(), "not before the TTL: the holder may only be slow");
        runFor(Duration.ofMillis(1500), b);
        assertTrue(b.lease.held(), "taken within lease-ttl + one round of the holder's death");
        assertEquals(2, b.lease.epoch(), "a new epoch fences the old holder");
        assertEquals(List.of("gw-a acquired 1", "gw-b acquired 2"), events);
    }

    @Test void aPausedHolderStopsActingAtItsDeadlineAndGivesUpWhenItResumes() throws Exception {
        Gw a = new Gw("gw-a"), b = new Gw("gw-b");
        runFor(Duration.ofSeconds(4), a, b);
        a.running = false; // kill -STOP: no rounds, but its sockets look alive
        runFor(Duration.ofSeconds(2), b);
        assertFalse(b.lease.held());
        CompletableFuture<Boolean> act = CompletableFuture.supplyAsync(() -> {
            try {
                return a.lease.awaitMayAct();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertFalse(act.isDone(), "past its own deadline the holder waits instead of acting");
        assertFalse(a.lease.mayConnect());
        runFor(Duration.ofSeconds(2), b);
        assertTrue(b.lease.held());
        a.running = true; // SIGCONT
        a.round();
        assertFalse(act.get(2, TimeUnit.SECONDS), "what it had read is dropped, not routed");
        assertFalse(a.lease.held());
        assertTrue(events.contains("gw-a lost"));
        runFor(Duration.ofSeconds(5), a, b);
        assertTrue(b.lease.held() && !a.lease.held(), "the old holder stays a standby");
    }

    @Test void aLoneHolderKeepsTheDomainsThroughAStoreOutage() throws InterruptedException {
        Gw a = new Gw("gw-a");
        runFor(Duration.ofSeconds(4), a);
        long term = a.lease.term();
        storeDown = true;
        runFor(Duration.ofSeconds(30), a);
        assertTrue(a.lease.awaitMayAct() && a.lease.mayConnect(), "alone, it routes from memory and may reconnect to Prosody");
        storeDown = false;
        runFor(Duration.ofSeconds(10), a);
        assertTrue(a.lease.held(), "the expired lease is taken again by its holder");
        assertEquals(2, a.lease.epoch());
        assertTrue(a.lease.admits(term), "nobody held the domains meanwhile: what it queued during the outage is still written");
        assertEquals(List.of("gw-a acquired 1"), events);
    }

    @Test void aHolderCutOffFromTheStoreFencesItselfBeforeTheStandbyCanTakeOver() throws InterruptedException {
        Gw a = new Gw("gw-a"), b = new Gw("gw-b");
        runFor(Duration.ofSeconds(4), a, b);
        long term = a.lease.term();
        a.cut = true; // a partition: only the holder lost Cassandra
        boolean overlap = false;
        for (int t = 0; t < 20; t++) {
            runFor(Duration.ofMillis(500), a, b);
            if (a.lease.held() && a.lease.mayConnect() && b.lease.held()) overlap = true;
            if (b.lease.held()) break;
        }
        assertFalse(overlap, "never two gateways that may act");
        assertFalse(a.lease.held(), "the holder gave the domains up at its deadline");
        assertTrue(events.contains("gw-a lost"));
        assertFalse(a.lease.admits(term), "what it queued while cut off is fenced: never written over the successor's state");
        assertFalse(a.lease.admits(a.lease.term()), "nor what it would queue as a standby");
        assertTrue(b.lease.held(), "and the standby took them once the lease expired and the holder was confirmed gone");
        assertEquals(2, b.lease.epoch());
        a.cut = false;
        runFor(Duration.ofSeconds(5), a, b);
        assertTrue(b.lease.held() && !a.lease.held(), "the old holder stays a standby when its link is back");
    }

    @Test void aGatewayWithOtherDomainsIsNoStandby() throws InterruptedException {
        Gw a = new Gw("gw-a");
        Membership other = new Membership("gw-other", "rayo2,internal2", store, Membership.Settings.defaults(), clock, () -> new Membership.Counters(0, 0, 0), (p, x, y) -> { });
        for (int t = 0; t < 8; t++) {
            other.run();
            a.round();
            clock.advance(Duration.ofMillis(500));
        }
        assertFalse(a.membership.othersMayTakeOver(), "it serves other domains: it cannot take this lease");
        storeDown = true;
        runFor(Duration.ofSeconds(10), a);
        assertTrue(a.lease.awaitMayAct(), "so through an outage the holder keeps routing, as a lone one does");
    }

    @Test void withAStandbyAStoreOutageForEveryoneStopsTheHolderAndItResumesAfter() throws InterruptedException {
        Gw a = new Gw("gw-a"), b = new Gw("gw-b");
        runFor(Duration.ofSeconds(4), a, b);
        storeDown = true;
        runFor(Duration.ofSeconds(5), a, b);
        assertFalse(a.lease.held(), "it cannot tell an outage from a partition: safety first, it stops");
        assertFalse(b.lease.held(), "nobody can take the lease without the store");
        storeDown = false;
        runFor(Duration.ofSeconds(10), a, b);
        assertTrue(a.lease.held() ^ b.lease.held(), "once the store is back exactly one gateway holds the domains");
    }

    @Test void anAdminDisableHandsTheDomainsOverAtOnce() {
        Gw a = new Gw("gw-a"), b = new Gw("gw-b");
        runFor(Duration.ofSeconds(4), a, b);
        long term = a.lease.term();
        store.setGatewayDisabled("gw-a", true);
        runFor(Duration.ofSeconds(1), a, b);
        assertFalse(a.lease.held());
        assertTrue(a.lease.admits(term), "a handover, not a loss: its queued writes still go out");
        assertTrue(b.lease.held(), "released, not left to expire");
        runFor(Duration.ofSeconds(10), a, b);
        assertFalse(a.lease.held(), "a disabled gateway never takes the domains");
    }

    @Test void beingReplacedByAnotherConnectionGivesTheDomainsUp() {
        Gw a = new Gw("gw-a");
        runFor(Duration.ofSeconds(1), a);
        a.lease.replaced();
        assertFalse(a.lease.held());
        assertFalse(a.lease.mayConnect());
        assertEquals(List.of("gw-a acquired 1", "gw-a lost"), events);
    }

    @Test void aCleanStopFreesTheLeaseForTheStandby() {
        Gw a = new Gw("gw-a"), b = new Gw("gw-b");
        runFor(Duration.ofSeconds(4), a, b);
        a.lease.release();
        a.running = false;
        runFor(Duration.ofMillis(500), b);
        assertTrue(b.lease.held(), "at the next round, not after the TTL");
    }

    @Test void settingsRefuseATtlTheStoreCannotKeep() {
        assertThrows(IllegalArgumentException.class, () -> new DomainLease.Settings(Duration.ofMillis(2500), Duration.ofMillis(500)));
        assertThrows(IllegalArgumentException.class, () -> new DomainLease.Settings(Duration.ofSeconds(1), Duration.ofMillis(100)));
        assertThrows(IllegalArgumentException.class, () -> new DomainLease.Settings(Duration.ofSeconds(3), Duration.ofSeconds(2)));
    }
}
