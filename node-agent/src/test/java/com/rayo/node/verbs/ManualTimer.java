package com.rayo.node.verbs;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A timer whose time moves only when the test says: verbs' timeouts fire at exact, repeatable moments. */
final class ManualTimer extends AbstractExecutorService implements ScheduledExecutorService {
    private long now;
    private long order;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparingLong((Task t) -> t.at).thenComparingLong(t -> t.order));

    private final class Task extends CompletableFuture<Object> implements ScheduledFuture<Object> {
        final long at;
        final long order;
        final Callable<?> work;

        Task(long at, Callable<?> work) {
            this.at = at;
            this.order = ManualTimer.this.order++;
            this.work = work;
        }

        @Override public long getDelay(TimeUnit unit) { return unit.convert(at - now, TimeUnit.MILLISECONDS); }
        @Override public int compareTo(Delayed o) { return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS)); }
    }

    /** Runs every task due within the next {@code millis}, in time order. */
    synchronized void advance(long millis) {
        long until = now + millis;
        while (!tasks.isEmpty() && tasks.peek().at <= until) {
            Task t = tasks.poll();
            now = t.at;
            if (t.isDone()) continue;
            try {
                t.complete(t.work.call());
            } catch (Exception e) {
                t.completeExceptionally(e);
            }
        }
        now = until;
    }

    synchronized long now() { return now; }

    @Override public synchronized ScheduledFuture<?> schedule(Runnable r, long delay, TimeUnit unit) {
        return schedule(() -> {
            r.run();
            return null;
        }, delay, unit);
    }

    @Override public synchronized <V> ScheduledFuture<V> schedule(Callable<V> c, long delay, TimeUnit unit) {
        Task t = new Task(now + unit.toMillis(delay), c);
        tasks.add(t);
        @SuppressWarnings("unchecked") ScheduledFuture<V> f = (ScheduledFuture<V>) (ScheduledFuture<?>) t;
        return f;
    }

    @Override public ScheduledFuture<?> scheduleAtFixedRate(Runnable r, long i, long p, TimeUnit u) { throw new UnsupportedOperationException(); }
    @Override public ScheduledFuture<?> scheduleWithFixedDelay(Runnable r, long i, long d, TimeUnit u) { throw new UnsupportedOperationException(); }
    @Override public void execute(Runnable r) { r.run(); }
    @Override public void shutdown() { }
    @Override public List<Runnable> shutdownNow() { return new ArrayList<>(); }
    @Override public boolean isShutdown() { return false; }
    @Override public boolean isTerminated() { return false; }
    @Override public boolean awaitTermination(long t, TimeUnit u) { return true; }
    @Override public <T> List<java.util.concurrent.Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) { throw new UnsupportedOperationException(); }
}
