package com.rayo.component;

import java.util.concurrent.atomic.AtomicLong;

/** Counters every transport keeps the same way, for logs, metrics and benchmarks. */
public final class TransportStats {
    public final AtomicLong received = new AtomicLong();
    public final AtomicLong sent = new AtomicLong();
    public final AtomicLong oversized = new AtomicLong();
    public final AtomicLong dropped = new AtomicLong();
    public final AtomicLong reconnects = new AtomicLong();
    /** Stanzas not handed on or not written because the domain was no longer this process's. */
    public final AtomicLong fenced = new AtomicLong();

    @Override public String toString() {
        return "received=" + received + " sent=" + sent + " oversized=" + oversized + " dropped=" + dropped + " reconnects=" + reconnects + " fenced=" + fenced;
    }
}
