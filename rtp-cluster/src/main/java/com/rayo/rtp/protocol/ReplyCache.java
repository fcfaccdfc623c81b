package com.rayo.rtp.protocol;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Answers retransmitted requests without executing them twice: a request is keyed by its
 * source and cookie; the first one runs, copies arriving meanwhile wait for its reply,
 * later copies get it from the cache for {@code ttl}. Expiry drops entries from the head
 * of an insertion-ordered queue, so its cost does not grow with the number of calls
 * (rtp_cluster scanned its list of recent commands on every command).
 */
public final class ReplyCache {
    private record Entry(String key, long at) { }

    private final Map<String, CompletableFuture<String>> replies = new HashMap<>();
    private final ArrayDeque<Entry> order = new ArrayDeque<>();
    private final long ttlNanos;
    private final LongSupplier nanoTime;

    public ReplyCache(long ttlMillis, LongSupplier nanoTime) {
        this.ttlNanos = ttlMillis * 1_000_000;
        this.nanoTime = nanoTime;
    }

    /**
     * The reply future for this request: an existing one for a retransmission (returned with
     * {@code fresh = false}), or a new one the caller must complete.
     */
    public synchronized Lookup lookup(String source, String cookie) {
        long now = nanoTime.getAsLong();
        while (!order.isEmpty() && now - order.peekFirst().at() > ttlNanos) replies.remove(order.pollFirst().key());
        String key = source + "\u0000" + cookie;
        CompletableFuture<String> existing = replies.get(key);
        if (existing != null) return new Lookup(existing, false);
        CompletableFuture<String> f = new CompletableFuture<>();
        replies.put(key, f);
        order.addLast(new Entry(key, now));
        return new Lookup(f, true);
    }

    public synchronized int size() { return replies.size(); }

    public record Lookup(CompletableFuture<String> reply, boolean fresh) { }
}
