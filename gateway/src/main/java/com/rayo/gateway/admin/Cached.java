package com.rayo.gateway.admin;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value recomputed at most once per period: cluster-wide counts need scans of the
 * store, and a dashboard polling many times a second must not turn into as many scans.
 */
final class Cached<T> {
    private final Supplier<T> compute;
    private final long periodNanos;
    private final LongSupplier nanoTime;
    private T value;
    private long computedAt;
    private boolean valid;

    Cached(Supplier<T> compute, long periodMillis, LongSupplier nanoTime) {
        this.compute = compute;
        this.periodNanos = periodMillis * 1_000_000;
        this.nanoTime = nanoTime;
    }

    synchronized T get() {
        long now = nanoTime.getAsLong();
        if (!valid || now - computedAt >= periodNanos) {
            value = compute.get();
            computedAt = now;
            valid = true;
        }
        return value;
    }
}
