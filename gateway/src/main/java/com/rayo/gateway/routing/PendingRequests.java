package com.rayo.gateway.routing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;

/**
 * IQs the gateway sent to nodes and waits for: each gets its own id, and exactly one
 * of response, timeout or node loss reaches its waiter (whoever removes the entry wins).
 */
public final class PendingRequests {
    public enum Failure {
        TIMEOUT, NODE_LOST,
        /** This gateway gave its domains to another before the answer came: the answer will reach the other, which does not wait for it. */
        HANDED_OVER;

        /** The stanza error for the request this failure cut short: retry later after a handover, the node's fault otherwise. */
        public StanzaError condition() { return this == HANDED_OVER ? StanzaError.SERVICE_UNAVAILABLE : StanzaError.REMOTE_SERVER_TIMEOUT; }

        /** Why, for a request to {@code node} (as the reader should see it named), which waited {@code waited} (null: not said). */
        public String text(String node, Duration waited) {
            return switch (this) {
                case TIMEOUT -> node + " did not answer" + (waited == null ? "" : " in " + waited.toMillis() + " ms");
                case NODE_LOST -> node + " was lost";
                case HANDED_OVER -> HANDED_OVER_TEXT;
            };
        }
    }

    public interface Waiter {
        void onResponse(Stanza response);

        void onFailure(Failure failure);
    }

    /** What an application is told of a request a {@link Failure#HANDED_OVER} cut short. */
    public static final String HANDED_OVER_TEXT =
            "this gateway handed its domains to another before the node answered: the request may have been carried out; ask again";

    private record Entry(String nodeDomain, Waiter waiter, ScheduledFuture<?> timer) { }

    private final Map<String, Entry> pending = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final AtomicLong seq = new AtomicLong();
    private final String prefix;

    public PendingRequests(ScheduledExecutorService timer, String prefix) {
        this.timer = timer;
        this.prefix = prefix;
    }

    public String newId() { return prefix + Long.toString(seq.incrementAndGet(), 36); }

    /** Waits for the response to {@code id}, sent to {@code nodeDomain}. */
    public void await(String id, String nodeDomain, Duration timeout, Waiter waiter) {
        Entry[] self = new Entry[1];
        ScheduledFuture<?> t = timer.schedule(() -> {
            if (pending.remove(id, self[0])) waiter.onFailure(Failure.TIMEOUT);
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        self[0] = new Entry(nodeDomain, waiter, t);
        pending.put(id, self[0]);
    }

    /**
     * Hands a node's response to its waiter; false when nobody waits for it. Only the node
     * the request went to can answer it: another node guessing the id gets nowhere.
     */
    public boolean complete(Stanza response) {
        String id = response.id();
        if (id == null || response.from() == null) return false;
        Entry e = pending.get(id);
        if (e == null || !e.nodeDomain.equals(response.from().domain()) || !pending.remove(id, e)) return false;
        e.timer.cancel(false);
        e.waiter.onResponse(response);
        return true;
    }

    /** The node is gone: its waiters learn now instead of at their timeouts. */
    public void nodeLost(String nodeDomain) {
        pending.forEach((id, e) -> {
            if (e.nodeDomain.equals(nodeDomain) && pending.remove(id, e)) {
                e.timer.cancel(false);
                e.waiter.onFailure(Failure.NODE_LOST);
            }
        });
    }

    /** Every waiter learns now: the domains went to another gateway. */
    public void handedOver() {
        pending.forEach((id, e) -> {
            if (pending.remove(id, e)) {
                e.timer.cancel(false);
                e.waiter.onFailure(Failure.HANDED_OVER);
            }
        });
    }

    public int size() { return pending.size(); }
}
