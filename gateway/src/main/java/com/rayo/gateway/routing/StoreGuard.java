package com.rayo.gateway.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What the gateway promises about calls and the shared store. Alone, a call is confirmed to its
 * application at once and written behind (a restart reloads what was written; nobody else could
 * have taken over). With a standby that may take over, a call is confirmed only once it is stored:
 * a successor knows only what is stored, so a call confirmed and then unknown to it would be lost.
 * New calls are refused outright while the store is far behind or out of reach.
 */
public final class StoreGuard {
    private final BooleanSupplier behind;
    private final BooleanSupplier standbys;
    private final Duration confirmTimeout;
    /** Events of calls waiting to be confirmed, in arrival order. */
    private final Map<String, List<Runnable>> held = new HashMap<>();
    /** Calls waiting or being flushed: 0 (always, for a lone gateway) lets events pass without the lock. */
    private volatile int holding;

    /**
     * @param behind whether new calls must be refused now (the write queue full, or cut off from the store with a standby)
     * @param standbys whether another gateway could take the domains over
     */
    public StoreGuard(BooleanSupplier behind, BooleanSupplier standbys, Duration confirmTimeout) {
        this.behind = behind;
        this.standbys = standbys;
        this.confirmTimeout = confirmTimeout;
    }

    /** Nothing is stored (unit tests, the benchmark baseline): every call is confirmed at once. */
    public static StoreGuard none() { return new StoreGuard(() -> false, () -> false, Duration.ofSeconds(1)); }

    public boolean behind() { return behind.getAsBoolean(); }

    /**
     * Runs {@code confirm} once call {@code callId} may be confirmed, or {@code refuse} with the reason it may
     * not. Meanwhile the call's events wait ({@link #holdIfUnconfirmed}): an application hears of a call
     * only after its ref, and nothing of a call it is refused.
     */
    public void whenStored(String callId, CompletionStage<Void> stored, Runnable confirm, Consumer<String> refuse) {
        if (!standbys.getAsBoolean()) {
            confirm.run();
            return;
        }
        synchronized (held) {
            held.put(callId, new ArrayList<>());
            holding++;
        }
        stored.toCompletableFuture().orTimeout(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, failure) -> {
            synchronized (held) { // events arriving meanwhile wait for these, so the order stays
                List<Runnable> waiting = held.remove(callId);
                if (failure == null) {
                    confirm.run();
                    waiting.forEach(Runnable::run);
                }
                holding--; // only once flushed: an event passing without the lock cannot overtake these
            }
            if (failure != null) refuse.accept("the call could not be stored for this gateway's standby within " + confirmTimeout.toMillis()
                    + " ms (the cluster state store is out of reach): it was hung up; retry");
        });
    }

    /** Keeps {@code event} of a call not confirmed yet, to run once it is; false when the call is confirmed (run it now). */
    public boolean holdIfUnconfirmed(String callId, Runnable event) {
        if (holding == 0) return false;
        synchronized (held) {
            List<Runnable> waiting = held.get(callId);
            if (waiting == null) return false;
            waiting.add(event);
            return true;
        }
    }
}
