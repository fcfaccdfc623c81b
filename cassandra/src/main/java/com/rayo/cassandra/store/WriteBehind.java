package com.rayo.cassandra.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the store off the stanza path, and never loses one. Every write sets the
 * final state of its key (a call, a node, a resource…), so a newer write for a key
 * replaces one still waiting: memory stays bounded by the number of keys even during a
 * long outage. Keys go to a lane by hash (one key's writes keep their order); a failed
 * write is retried with backoff until the store takes it or a newer one supersedes it.
 * {@link #saturated()} tells the gateway to stop taking new work before memory runs out.
 * A {@link Fence} drops what was queued under a term that has ended: a gateway that lost its
 * domains to another while cut off from the store must not overwrite its successor's state when
 * the link comes back.
 */
public final class WriteBehind implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WriteBehind.class);
    private static final long MAX_BACKOFF_MS = 2000;
    /** Writes sent together at most (one unlogged batch; kept small: Cassandra warns above 5 KiB). */
    private static final int MAX_GROUP = 16;
    /** During an outage: one line when it starts, one like this every so often, one when it ends. */
    private static final long OUTAGE_SUMMARY_NANOS = TimeUnit.SECONDS.toNanos(60);

    /** The term of writes that no fence drops. */
    private static final long UNFENCED = Long.MIN_VALUE;

    /** Whose writes are still wanted: each owned write carries the term it was queued under. */
    public interface Fence {
        /** The term new writes are queued under. */
        long term();
        /** Whether a write queued under {@code term} may still be written. */
        boolean admits(long term);

        Fence NONE = new Fence() {
            @Override public long term() { return 0; }
            @Override public boolean admits(long term) { return true; }
        };
    }

    /**
     * One key's next state. {@code creates}: the first state of a new key (a call starting);
     * {@code aloneWrite}: what to write instead when this op supersedes a creating op that
     * was never sent (a call that ended before its start was written: history only).
     */
    private static final class Op {
        final String what;
        final Consumer<ClusterStore> write;
        final Consumer<ClusterStore> aloneWrite;
        final boolean creates;
        final long enqueuedNanos;
        final long term;
        /** Completes when this state, or a newer one of the key, is written; fails when fenced or abandoned. */
        final CompletableFuture<Void> stored;
        volatile boolean sent;

        Op(String what, Consumer<ClusterStore> write, Consumer<ClusterStore> aloneWrite, boolean creates, long enqueuedNanos, long term,
           CompletableFuture<Void> stored) {
            this.what = what;
            this.write = write;
            this.aloneWrite = aloneWrite;
            this.creates = creates;
            this.enqueuedNanos = enqueuedNanos;
            this.term = term;
            this.stored = stored;
        }
    }

    private final ClusterStore store;
    private final int capacity;
    private volatile long lingerNanos;
    private final List<LinkedBlockingDeque<String>> lanes = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final ConcurrentHashMap<String, Op> pending = new ConcurrentHashMap<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong fenced = new AtomicLong();
    private final AtomicLong fencedTermLogged = new AtomicLong(-1);
    private volatile Fence fence = Fence.NONE;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private volatile long unhealthySinceNanos;
    private final AtomicLong nextOutageSummaryNanos = new AtomicLong();
    private final long[] delays = new long[8192]; // recent enqueue→written delays, nanoseconds
    private final AtomicLong delaySeq = new AtomicLong();
    private volatile boolean closed;

    public WriteBehind(ClusterStore store, int laneCount, int capacity) {
        this(store, laneCount, capacity, Duration.ZERO);
    }

    /** @param linger how long a write waits before it is sent, so that a newer state can replace it */
    public WriteBehind(ClusterStore store, int laneCount, int capacity, Duration linger) {
        this.store = store;
        this.capacity = capacity;
        this.lingerNanos = linger.toNanos();
        for (int i = 0; i < laneCount; i++) {
            LinkedBlockingDeque<String> q = new LinkedBlockingDeque<>();
            lanes.add(q);
            Thread t = new Thread(() -> run(q), "store-write-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Queues the new state of {@code key}, written whoever holds the domains (configuration); returns at once. {@code what} names it in logs. */
    public void submit(String key, String what, Consumer<ClusterStore> write) {
        enqueue(key, what, write, write, false, UNFENCED);
    }

    /** Queues state that the domains' holder owns (nodes, resources): written only while its term lasts. */
    public void submitOwned(String key, String what, Consumer<ClusterStore> write) {
        enqueue(key, what, write, write, false, fence.term());
    }

    /**
     * Queues the first state of a new owned key (see {@link #submitAfterCreate}); the stage completes once
     * it (or a newer state of the key) is in the store, and fails if it is fenced or abandoned.
     */
    public CompletionStage<Void> submitCreate(String key, String what, Consumer<ClusterStore> write) {
        return enqueue(key, what, write, write, true, fence.term());
    }

    /** Queues an owned state that, if it replaces a creating write never sent, writes {@code aloneWrite} instead. */
    public void submitAfterCreate(String key, String what, Consumer<ClusterStore> write, Consumer<ClusterStore> aloneWrite) {
        enqueue(key, what, write, aloneWrite, false, fence.term());
    }

    private CompletionStage<Void> enqueue(String key, String what, Consumer<ClusterStore> write, Consumer<ClusterStore> aloneWrite, boolean creates, long term) {
        long now = System.nanoTime();
        boolean[] fresh = {false};
        Op op = pending.compute(key, (k, old) -> {
            if (old == null) {
                fresh[0] = true;
                return new Op(what, write, aloneWrite, creates, now, term, new CompletableFuture<>());
            }
            coalesced.incrementAndGet();
            boolean unsentCreate = old.creates && !old.sent;
            // keeps the age of the oldest change; a creating op stays "creating" only while unsent
            // whoever waited for the older state is told when this newer one is written
            return new Op(what, unsentCreate ? aloneWrite : write, aloneWrite, unsentCreate && creates, old.enqueuedNanos, term, old.stored);
        });
        if (fresh[0]) lanes.get(Math.floorMod(key.hashCode(), lanes.size())).addLast(key);
        return op.stored;
    }

    /** Changes the linger for writes from now on (a gateway that gets standbys writes at once). */
    public void linger(Duration linger) { lingerNanos = linger.toNanos(); }

    public Duration linger() { return Duration.ofNanos(lingerNanos); }

    /** Who may write from now on (the gateway's domain lease). */
    public void fence(Fence f) { fence = f; }

    /** Above capacity: new calls should be refused until the store catches up. */
    public boolean saturated() { return pending.size() >= capacity; }
    /** Keys waiting to be written. */
    public int depth() { return pending.size(); }
    public long written() { return written.get(); }
    /** Writes that a newer state of the same key replaced before they were sent. */
    public long coalesced() { return coalesced.get(); }
    public long retries() { return retries.get(); }
    /** Writes dropped because their term ended before they could be written. */
    public long fenced() { return fenced.get(); }
    /** False while the store refuses writes. */
    public boolean healthy() { return healthy.get(); }

    /** The delay from enqueue to written at a percentile (0–100), over the recent writes; ms. */
    public double delayPercentileMillis(double p) {
        long n = Math.min(delaySeq.get(), delays.length);
        if (n == 0) return 0;
        long[] copy = Arrays.copyOf(delays, (int) n);
        Arrays.sort(copy);
        return copy[(int) Math.min(n - 1, Math.floor(p / 100.0 * n))] / 1e6;
    }

    /** Waits until everything queued so far is written (tests, shutdown). */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) return false;
            Thread.sleep(10);
        }
        return true;
    }

    private void run(LinkedBlockingDeque<String> q) {
        long backoff = 100;
        List<String> keys = new ArrayList<>(MAX_GROUP);
        List<Op> ops = new ArrayList<>(MAX_GROUP);
        List<String> opKeys = new ArrayList<>(MAX_GROUP);
        while (!closed) {
            String first;
            try {
                first = q.pollFirst(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) continue;
            Op head = pending.get(first);
            if (head == null) continue;
            long wait = head.enqueuedNanos + lingerNanos - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    if (closed) return;
                }
            }
            // The keys behind it that are ready too go in the same request.
            keys.clear();
            keys.add(first);
            long now = System.nanoTime();
            while (keys.size() < MAX_GROUP) {
                String next = q.peekFirst();
                Op op = next == null ? null : pending.get(next);
                if (next == null || (op != null && op.enqueuedNanos + lingerNanos > now)) break;
                q.pollFirst();
                if (op != null) keys.add(next);
            }
            while (true) {
                ops.clear();
                opKeys.clear();
                for (String k : keys) {
                    Op op = pending.get(k); // a newer state may have replaced it meanwhile
                    if (op != null && op.term != UNFENCED && !fence.admits(op.term)) {
                        if (pending.remove(k, op)) {
                            fenced.incrementAndGet();
                            op.stored.completeExceptionally(new IllegalStateException("not stored: " + op.what + " was queued under a term that ended"));
                            if (fencedTermLogged.getAndSet(op.term) != op.term) {
                                log.warn("event=store-writes-fenced term={} first=\"{}\" reason=\"queued under a term that ended: another gateway may hold the domains\"", op.term, op.what);
                            }
                        }
                        else lanes.get(Math.floorMod(k.hashCode(), lanes.size())).addLast(k); // a newer state arrived: it goes on
                        continue;
                    }
                    if (op != null) {
                        op.sent = true;
                        ops.add(op);
                        opKeys.add(k);
                    }
                }
                if (ops.isEmpty()) break;
                try {
                    store.writeTogether(() -> { for (Op op : ops) op.write.accept(store); });
                    break;
                } catch (RuntimeException e) {
                    retries.incrementAndGet();
                    outage(e);
                    if (closed) return;
                    try {
                        Thread.sleep(backoff);
                    } catch (InterruptedException ie) {
                        if (closed) return;
                    }
                    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
                }
            }
            backoff = 100;
            if (healthy.compareAndSet(false, true)) {
                log.info("event=store-available after-s={} queued={}", TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - unhealthySinceNanos), pending.size());
            }
            long done = System.nanoTime();
            for (int i = 0; i < ops.size(); i++) {
                Op op = ops.get(i);
                String key = opKeys.get(i);
                // Removed only if nothing newer arrived while writing; a newer state stays and is re-queued.
                if (pending.remove(key, op)) op.stored.complete(null);
                else q.addLast(key);
                written.incrementAndGet();
                delays[(int) (delaySeq.getAndIncrement() % delays.length)] = done - op.enqueuedNanos;
            }
        }
    }

    /** A failed write: said once when the outage starts, then summed up once a minute until it ends. */
    private void outage(RuntimeException e) {
        long now = System.nanoTime();
        if (healthy.compareAndSet(true, false)) {
            unhealthySinceNanos = now;
            nextOutageSummaryNanos.set(now + OUTAGE_SUMMARY_NANOS);
            log.warn("event=store-unavailable reason=\"{}\" queued={} action=routing-from-memory-and-retrying", e.getMessage(), pending.size());
            return;
        }
        long next = nextOutageSummaryNanos.get();
        if (now >= next && nextOutageSummaryNanos.compareAndSet(next, now + OUTAGE_SUMMARY_NANOS)) {
            log.warn("event=store-still-unavailable for-s={} queued={} retries={} reason=\"{}\"", TimeUnit.NANOSECONDS.toSeconds(now - unhealthySinceNanos),
                    pending.size(), retries.get(), e.getMessage());
        }
    }

    /** Stops after what is queued is written or {@code grace} passes. */
    public void close(Duration grace) throws InterruptedException {
        awaitDrained(grace);
        closed = true;
        for (Thread t : threads) t.interrupt();
        if (!pending.isEmpty()) log.warn("event=store-writes-abandoned count={}", pending.size());
        for (Op op : pending.values()) op.stored.completeExceptionally(new IllegalStateException("not stored: the store writer closed"));
    }

    @Override public void close() {
        try {
            close(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
