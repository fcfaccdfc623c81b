package com.rayo.gateway.routing;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class StoreGuardTest {
    final List<String> seen = new CopyOnWriteArrayList<>();

    @Test void aloneACallIsConfirmedAtOnceAndItsEventsGoStraightOn() {
        StoreGuard alone = new StoreGuard(() -> false, () -> false, Duration.ofMillis(100));
        alone.whenStored("c1", new CompletableFuture<>(), () -> seen.add("ref"), why -> seen.add("refused"));
        assertEquals(List.of("ref"), seen, "written behind: not waited for");
        assertFalse(alone.holdIfUnconfirmed("c1", () -> seen.add("answered")));
    }

    @Test void withAStandbyTheRefWaitsForTheStoreAndTheCallsEventsWaitForTheRef() {
        StoreGuard ha = new StoreGuard(() -> false, () -> true, Duration.ofSeconds(5));
        CompletableFuture<Void> stored = new CompletableFuture<>();
        ha.whenStored("c1", stored, () -> seen.add("ref"), why -> seen.add("refused"));
        assertTrue(ha.holdIfUnconfirmed("c1", () -> seen.add("ringing")));
        assertTrue(ha.holdIfUnconfirmed("c1", () -> seen.add("answered")));
        assertFalse(ha.holdIfUnconfirmed("c2", () -> seen.add("other")), "another call is not held");
        assertEquals(List.of(), seen, "nothing before the call is stored");
        stored.complete(null);
        assertEquals(List.of("ref", "ringing", "answered"), seen);
        assertFalse(ha.holdIfUnconfirmed("c1", () -> { }), "confirmed: later events go straight on");
    }

    @Test void withAStandbyACallNotStoredInTimeIsRefusedAndItsEventsDropped() throws InterruptedException {
        StoreGuard ha = new StoreGuard(() -> false, () -> true, Duration.ofMillis(50));
        CountDownLatch refused = new CountDownLatch(1);
        String[] why = new String[1];
        ha.whenStored("c1", new CompletableFuture<>(), () -> seen.add("ref"), reason -> {
            why[0] = reason;
            refused.countDown();
        });
        ha.holdIfUnconfirmed("c1", () -> seen.add("answered"));
        assertTrue(refused.await(5, TimeUnit.SECONDS));
        assertTrue(why[0].contains("50 ms"), why[0]);
        assertEquals(List.of(), seen, "no ref, and no event of a call the application never had");
    }

    @Test void aFencedWriteRefusesTheCall() throws InterruptedException {
        StoreGuard ha = new StoreGuard(() -> false, () -> true, Duration.ofSeconds(5));
        CompletableFuture<Void> stored = new CompletableFuture<>();
        CountDownLatch refused = new CountDownLatch(1);
        ha.whenStored("c1", stored, () -> seen.add("ref"), reason -> refused.countDown());
        stored.completeExceptionally(new IllegalStateException("fenced"));
        assertTrue(refused.await(1, TimeUnit.SECONDS));
        assertEquals(List.of(), seen);
    }
}
