package com.rayo.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** A scheduler driven by a {@link FakeClock}: tasks run when a test advances time past them. */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final FakeClock clock;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(Comparator.comparingLong((Task t) -> t.at).thenComparingLong(t -> t.seq));
    private long seq;

    public ManualScheduler(FakeClock clock) { this.clock = clock; }

    private final class Task implements ScheduledFuture<Object> {
        final long at;
        final long seq;
        final Runnable run;
        volatile boolean cancelled, done;

        Task(long at, long seq, Runnable run) {
            this.at = at;
            this.seq = seq;
            this.run = run;
        }

        @Override public long getDelay(TimeUnit unit) { return unit.convert(at - clock.millis(), TimeUnit.MILLISECONDS); }
        @Override public int compareTo(Delayed o) { return Long.compare(getDelay(TimeUnit.MILLISECONDS), o.getDelay(TimeUnit.MILLISECONDS)); }
        @Override public boolean cancel(boolean interrupt) {
            boolean was = !done && !cancelled;
            cancelled = true;
            return was;
        }
        @Override public boolean isCancelled() { return cancelled; }
        @Override public boolean isDone() { return done || cancelled; }
        @Override public Object get() { return null; }
        @Override public Object get(long timeout, TimeUnit unit) { return null; }
    }

    /** Moves the clock forward, running every task that falls due, in order. */
    public void advance(Duration d) {
        long until = clock.millis() + d.toMillis();
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.at > until) break;
                tasks.poll();
            }
            if (next.at > clock.millis()) clock.advance(Duration.ofMillis(next.at - clock.millis()));
            if (!next.cancelled) {
                next.done = true;
                next.run.run();
            }
        }
        if (until > clock.millis()) clock.advance(Duration.ofMillis(until - clock.millis()));
    }

    @Override public synchronized ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task t = new Task(clock.millis() + unit.toMillis(delay), seq++, command);
        tasks.add(t);
        return t;
    }

    @Override public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) { throw new UnsupportedOperationException(); }
    @Override public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) { throw new UnsupportedOperationException(); }
    @Override public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) { throw new UnsupportedOperationException(); }
    @Override public void execute(Runnable command) { schedule(command, 0, TimeUnit.MILLISECONDS); }
    @Override public void shutdown() { }
    @Override public List<Runnable> shutdownNow() { return new ArrayList<>(); }
    @Override public boolean isShutdown() { return false; }
    @Override public boolean isTerminated() { return false; }
    @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
}
