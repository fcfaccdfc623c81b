package com.rayo.cassandra;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import com.rayo.cassandra.store.MemoryStore;
import com.rayo.cassandra.store.Rows.CallRow;
import com.rayo.cassandra.store.WriteBehind;

class WriteBehindTest {
    static CallRow call(String id, String state) {
        return new CallRow(id, "n", "a@x", "a@x/r", "OUTBOUND", state, "gw", Instant.EPOCH, "ended".equals(state) ? Instant.EPOCH : null, null);
    }

    @Test void anOutageLosesNothingAndQueuedStatesCoalescePerKey() throws Exception {
        MemoryStore store = new MemoryStore();
        AtomicBoolean down = new AtomicBoolean(true);
        try (WriteBehind w = new WriteBehind(store, 2, 1000)) {
            for (int i = 0; i < 50; i++) {
                String id = "c" + i;
                w.submit("call:" + id, "call", s -> { if (down.get()) throw new IllegalStateException("store down"); s.putCall(call(id, "active")); });
                w.submit("call:" + id, "call-ended", s -> { if (down.get()) throw new IllegalStateException("store down"); s.endCall(call(id, "ended")); });
            }
            Thread.sleep(300);
            assertFalse(w.healthy(), "the outage is visible");
            assertTrue(w.depth() <= 50, "queued states are bounded by keys, not by changes: " + w.depth());
            down.set(false);
            assertTrue(w.awaitDrained(Duration.ofSeconds(10)));
            assertTrue(w.healthy());
            for (int i = 0; i < 50; i++) assertEquals("ended", store.call("c" + i).orElseThrow().state(), "the last state of c" + i + " won");
            assertTrue(w.coalesced() >= 40, "most starts were superseded by their end: " + w.coalesced());
        }
    }

    @Test void writesQueuedUnderAnEndedTermAreDroppedWhenTheStoreComesBackAndLaterOnesAreWritten() throws Exception {
        MemoryStore store = new MemoryStore();
        AtomicBoolean down = new AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong term = new java.util.concurrent.atomic.AtomicLong(7);
        try (WriteBehind w = new WriteBehind(store, 2, 1000)) {
            w.fence(new WriteBehind.Fence() {
                @Override public long term() { return term.get(); }
                @Override public boolean admits(long t) { return t == term.get(); }
            });
            for (int i = 0; i < 10; i++) {
                String id = "stale" + i;
                w.submitOwned("call:" + id, "call", s -> { if (down.get()) throw new IllegalStateException("store down"); s.putCall(call(id, "active")); });
            }
            Thread.sleep(200);
            term.incrementAndGet(); // another gateway took the domains meanwhile
            w.submitOwned("call:fresh", "call", s -> s.putCall(call("fresh", "active")));
            w.submit("app:a@x", "application", s -> s.putApplication(new com.rayo.cassandra.store.Rows.ApplicationRow("a@x", "a", "p")));
            down.set(false);
            assertTrue(w.awaitDrained(Duration.ofSeconds(10)));
            for (int i = 0; i < 10; i++) assertTrue(store.call("stale" + i).isEmpty(), "stale" + i + " was not written over the successor's state");
            assertEquals(10, w.fenced());
            assertTrue(store.call("fresh").isPresent(), "what was queued under the new term is written");
            assertTrue(store.application("a@x").isPresent(), "and configuration, whoever wrote it");
        }
    }

    @Test void oneKeysWritesKeepTheirOrder() throws Exception {
        MemoryStore store = new MemoryStore();
        try (WriteBehind w = new WriteBehind(store, 4, 1000)) {
            for (int i = 0; i < 1000; i++) {
                int n = i;
                w.submit("node:n1", "node", s -> s.putNode(new com.rayo.cassandra.store.Rows.NodeRow("n1", "p", n, 1, "AVAILABLE", 0, 0, "gw", Instant.EPOCH)));
            }
            assertTrue(w.awaitDrained(Duration.ofSeconds(10)));
            assertEquals(999, store.node("n1").orElseThrow().weight(), "the last write is the state left");
        }
    }

    @Test void saturationIsSignalledAboveCapacity() throws Exception {
        MemoryStore store = new MemoryStore();
        try (WriteBehind w = new WriteBehind(store, 1, 3)) {
            w.submit("block", "block", s -> { try { Thread.sleep(500); } catch (InterruptedException e) { Thread.currentThread().interrupt(); } });
            for (int i = 0; i < 5; i++) w.submit("k" + i, "x", s -> { });
            assertTrue(w.saturated());
            assertTrue(w.awaitDrained(Duration.ofSeconds(5)));
            assertFalse(w.saturated());
        }
    }

    @Test void aCallEndingWithinTheLingerIsWrittenOnceAsHistory() throws Exception {
        java.util.List<String> writes = new java.util.concurrent.CopyOnWriteArrayList<>();
        MemoryStore store = new MemoryStore();
        try (WriteBehind w = new WriteBehind(store, 1, 1000, Duration.ofMillis(200))) {
            w.submitCreate("call:short", "call", s -> { writes.add("put"); s.putCall(call("short", "active")); });
            w.submitAfterCreate("call:short", "call-ended", s -> { writes.add("end"); s.endCall(call("short", "ended")); },
                    s -> { writes.add("history"); s.recordEndedCall(call("short", "ended")); });
            w.submitCreate("call:long", "call", s -> { writes.add("put-long"); s.putCall(call("long", "active")); });
            Thread.sleep(500);
            w.submitAfterCreate("call:long", "call-ended", s -> { writes.add("end-long"); s.endCall(call("long", "ended")); },
                    s -> { writes.add("history-long"); s.recordEndedCall(call("long", "ended")); });
            assertTrue(w.awaitDrained(Duration.ofSeconds(5)));
            assertEquals(java.util.List.of("history", "put-long", "end-long"), writes);
            assertEquals("ended", store.call("short").orElseThrow().state());
        }
    }
}
