package com.rayo.gateway.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.rayo.cassandra.store.MemoryStore;

class BroadcastsTest {
    final MemoryStore store = new MemoryStore();
    final Clock clock = Clock.systemUTC();
    final List<Peer> view = new CopyOnWriteArrayList<>();
    final ScheduledExecutorService polls = Executors.newScheduledThreadPool(2);

    @AfterEach void stop() { polls.shutdownNow(); }

    Broadcasts gateway(String id, boolean polling) {
        view.add(new Peer(id, PeerState.UP, Peer.STANDBY, false, Instant.now(), Instant.now(), 0, 0, 0));
        Broadcasts b = new Broadcasts(id, store, clock, () -> view.stream()
                .map(p -> new Peer(p.id(), p.state(), p.role(), p.id().equals(id), p.lastHeartbeat(), p.started(), 0, 0, 0)).toList());
        if (polling) polls.scheduleWithFixedDelay(b, 0, 20, TimeUnit.MILLISECONDS);
        return b;
    }

    @Test void everyGatewayAnswersOnceAndTheSenderHearsEachReplyAsItComes() throws Exception {
        Broadcasts a = gateway("gw-a", false), b = gateway("gw-b", true), c = gateway("gw-c", true);
        List<String> levels = new CopyOnWriteArrayList<>();
        for (var e : List.of(java.util.Map.entry("gw-a", a), java.util.Map.entry("gw-b", b), java.util.Map.entry("gw-c", c))) {
            e.getValue().on("log-level", body -> {
                levels.add(e.getKey() + " " + body);
                return "set";
            });
        }
        List<String> events = new ArrayList<>();
        List<Broadcasts.Reply> replies = a.request("log-level", "com.rayo DEBUG", Duration.ofSeconds(5), r -> events.add(r.gateway()));
        assertEquals(3, replies.size(), replies.toString());
        assertEquals("gw-a", replies.get(0).gateway(), "the sender's own reply first");
        assertTrue(replies.stream().allMatch(Broadcasts.Reply::ok));
        assertEquals(List.of("gw-a", "gw-b", "gw-c"), events.stream().sorted().toList(), "each reply is an event");
        Thread.sleep(200); // more polls: nobody answers twice
        assertEquals(3, levels.size(), levels.toString());
        assertTrue(levels.contains("gw-b com.rayo DEBUG"));
    }

    @Test void aBadArgumentIsRefusedHereAndNotSent() throws Exception {
        Broadcasts a = gateway("gw-a", false), b = gateway("gw-b", true);
        List<String> seen = new CopyOnWriteArrayList<>();
        a.on("log-level", body -> { throw new IllegalArgumentException("unknown log level 'LOUD'"); });
        b.on("log-level", body -> { seen.add(body); return "set"; });
        List<Broadcasts.Reply> replies = a.request("log-level", "com.rayo LOUD", Duration.ofSeconds(1), r -> { });
        assertEquals(1, replies.size());
        assertFalse(replies.get(0).ok());
        assertEquals("unknown log level 'LOUD'", replies.get(0).body());
        Thread.sleep(200);
        assertTrue(seen.isEmpty(), "nothing reached the other gateways");
    }

    @Test void aSilentPeerIsWaitedForUntilTheTimeoutAndAnUnknownKindFailsCleanly() throws Exception {
        Broadcasts a = gateway("gw-a", false);
        gateway("gw-silent", false); // up in the view, but never polls (frozen)
        Broadcasts b = gateway("gw-b", true);
        a.on("statistics", body -> "calls=1");
        long t0 = System.nanoTime();
        List<Broadcasts.Reply> replies = a.request("statistics", "", Duration.ofMillis(600), r -> { });
        assertTrue(System.nanoTime() - t0 >= Duration.ofMillis(600).toNanos(), "waited for the silent one");
        assertEquals(List.of("gw-a", "gw-b"), replies.stream().map(Broadcasts.Reply::gateway).toList());
        Broadcasts.Reply fromB = replies.get(1);
        assertFalse(fromB.ok(), "gw-b has no statistics handler");
        assertEquals("not handled by this gateway: statistics", fromB.body());
        assertNotNull(b);
    }
}
