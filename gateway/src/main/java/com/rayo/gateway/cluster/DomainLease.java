package com.rayo.gateway.cluster;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.Rows.LeaseRow;
import com.rayo.cassandra.store.WriteBehind;
import com.rayo.component.DomainGuard;

/**
 * Which gateway holds the XMPP domains: a lease in the shared store (a lightweight transaction
 * with a TTL), renewed every {@code renew-interval}. Only the holder connects its components;
 * with Prosody's {@code component_conflict_resolve = "kick_old"} its connection replaces a paused
 * old holder's, and the old holder fences itself: it stops acting when its own deadline passes,
 * which is always before the store lets anyone else take the lease.
 *
 * <p>Peers get wrong what this fixes: an OpenSIPS sharing tag has no election (two actives after
 * a partition), and a bare "connect when you can" standby cannot replace a frozen holder.
 *
 * <p>A holder that cannot reach the store keeps the domains only while nobody else could take
 * them: alone (no other gateway up in its last view of membership), it keeps routing through a
 * store outage; with a standby, the store may be out of reach for it alone (a partition), so it
 * stops acting when its own deadline passes without a renewal — before the lease can expire for
 * the standby — and gives the domains up: fencing that does not depend on the XMPP server (ejabberd
 * lets two connections hold a domain). A free lease is only taken when its last holder is
 * confirmed gone by membership: after an outage the last holder may still have writes queued that
 * a new holder's reload would miss.
 *
 * <p>As the store's {@linkplain WriteBehind.Fence fence}, a tenure ends whenever the domains are lost
 * to someone else (fenced at the deadline, taken, expired, replaced on the XMPP server): what was
 * queued before is then dropped, never written over the successor's state when the link returns.
 * A tenure survives a lease retaken after an outage nobody else used, and an administrator's release.
 */
public final class DomainLease implements DomainGuard, WriteBehind.Fence, Runnable {
    private static final Logger log = LoggerFactory.getLogger(DomainLease.class);
    /** Cassandra keeps expiry times in whole seconds: a TTL of n may end after n - 1. */
    private static final long EXPIRY_ROUNDING_NANOS = Duration.ofSeconds(1).toNanos();
    /** For clocks that run at slightly different rates. */
    private static final long MARGIN_NANOS = Duration.ofMillis(100).toNanos();

    /** @param ttl whole seconds, at least 2 */
    public record Settings(Duration ttl, Duration renewInterval) {
        public Settings {
            if (ttl.toSeconds() < 2 || ttl.toMillis() % 1000 != 0) throw new IllegalArgumentException("lease-ttl must be whole seconds, at least 2s (was " + ttl + ")");
            if (renewInterval.isNegative() || renewInterval.isZero() || renewInterval.multipliedBy(2).compareTo(ttl.minusSeconds(1)) > 0) {
                throw new IllegalArgumentException("lease-renew-interval must be positive and at most half of lease-ttl - 1s (was " + renewInterval + ")");
            }
        }
        public static Settings defaults() { return new Settings(Duration.ofSeconds(3), Duration.ofMillis(500)); }
    }

    /** Told when this gateway gains or loses the domains. */
    public interface Listener {
        /** Runs before the connections may connect: whatever must be ready before routing goes here. */
        void acquired(long epoch);
        void lost(String reason);
    }

    private final String name;
    private final String self;
    private final ClusterStore store;
    private final Settings settings;
    private final LongSupplier nanos;
    private final Predicate<String> confirmedGone;
    private final BooleanSupplier disabled;
    private final BooleanSupplier standbys;
    private final Listener listener;

    private volatile boolean held;
    private volatile long epoch;
    private volatile long deadlineNanos;
    /** The last attempt could not reach the store: a holder keeps acting on its own word. */
    private volatile boolean storeDown;
    private volatile String lastSeenHolder;
    private volatile long tenure;

    /**
     * @param confirmedGone whether a gateway is known to be gone (membership), asked before taking a lease it held
     * @param disabled whether an administrator took this gateway out: it gives the domains up and never takes them
     * @param standbys whether another gateway could take the domains (then a holder cut off from the store fences itself)
     */
    public DomainLease(String name, String self, ClusterStore store, Settings settings, LongSupplier nanos,
                       Predicate<String> confirmedGone, BooleanSupplier disabled, BooleanSupplier standbys, Listener listener) {
        this.name = name;
        this.self = self;
        this.store = store;
        this.settings = settings;
        this.nanos = nanos;
        this.confirmedGone = confirmedGone;
        this.disabled = disabled;
        this.standbys = standbys;
        this.listener = listener;
    }

    public String name() { return name; }
    public boolean held() { return held; }

    /** Holding, the store out of reach, and another gateway able to take over: new calls could not survive a takeover. */
    public boolean cutOffWithStandbys() { return held && storeDown && standbys.getAsBoolean(); }
    public long epoch() { return epoch; }
    /** The holder as last known here (null: free or unknown). */
    public String holder() { return held ? self : lastSeenHolder; }

    /** One round, every renew interval. */
    @Override public void run() {
        try {
            if (held) keep();
            else tryTake();
            storeDown = false;
        } catch (RuntimeException e) {
            if (!storeDown) log.warn("event=lease-store-unreachable lease={} holding={} reason=\"{}\"", name, held, e.getMessage());
            storeDown = true;
            if (held && standbys.getAsBoolean() && nanos.getAsLong() >= deadlineNanos) {
                lose("the store is out of reach and the lease could not be renewed before its deadline while a standby may take it: fenced");
            }
        }
        wake();
    }

    private void keep() {
        if (disabled.getAsBoolean()) {
            store.releaseLease(name, self, epoch);
            giveUp("disabled by an administrator");
            return;
        }
        long start = nanos.getAsLong();
        if (store.renewLease(name, self, epoch, settings.ttl())) {
            deadlineNanos = deadlineFrom(start);
            return;
        }
        LeaseRow now = store.lease(name);
        lastSeenHolder = now.holder();
        if (now.free() && now.epoch() == epoch && store.acquireLease(name, self, epoch, settings.ttl())) {
            // It expired while the store was out of reach and nobody took it: ours again, under a new epoch.
            epoch = epoch + 1;
            deadlineNanos = deadlineFrom(start);
            log.info("event=lease-retaken lease={} epoch={}", name, epoch);
            return;
        }
        lose(now.free() ? "it expired (epoch " + now.epoch() + ")" : "taken by " + now.holder() + " (epoch " + now.epoch() + ")");
    }

    private void tryTake() {
        if (disabled.getAsBoolean()) return;
        LeaseRow now = store.lease(name);
        if (!now.free() && !now.holder().equals(lastSeenHolder)) log.info("event=standby lease={} holder={}", name, now.holder());
        lastSeenHolder = now.holder();
        if (!now.free()) return;
        String last = now.lastHolder();
        if (last != null && !last.equals(self) && !confirmedGone.test(last)) return;
        long start = nanos.getAsLong();
        if (!store.acquireLease(name, self, now.epoch(), settings.ttl())) return;
        epoch = now.epoch() + 1;
        deadlineNanos = deadlineFrom(start);
        lastSeenHolder = self;
        log.info("event=lease-acquired lease={} epoch={} previous={}", name, epoch, last);
        listener.acquired(epoch); // before held: the connections may not connect until the gateway is ready
        held = true;
    }

    private long deadlineFrom(long attemptStart) {
        return attemptStart + settings.ttl().toNanos() - EXPIRY_ROUNDING_NANOS - MARGIN_NANOS;
    }

    /** Lost to someone else: the tenure ends, and with it whatever it had queued. */
    private void lose(String reason) {
        tenure++;
        giveUp(reason);
    }

    private void giveUp(String reason) {
        held = false;
        wake();
        log.warn("event=lease-lost lease={} epoch={} reason=\"{}\"", name, epoch, reason);
        listener.lost(reason);
    }

    /** A clean stop: the lease is freed so a standby takes over at once instead of after the TTL. */
    public void release() {
        if (!held) return;
        held = false;
        wake();
        try {
            store.releaseLease(name, self, epoch);
            log.info("event=lease-released lease={} epoch={}", name, epoch);
        } catch (RuntimeException e) {
            log.warn("event=lease-release-failed lease={} reason=\"{}\" (it expires by itself)", name, e.getMessage());
        }
    }

    private synchronized void wake() { notifyAll(); }

    /** A gateway that does not hold the domains owns nothing: what it would queue is never written. */
    @Override public long term() { return held ? tenure : -1; }

    @Override public boolean admits(long term) { return term == tenure; }

    /** Within the deadline of the last renewal — or past it with the store out of reach and no one else to take over. */
    private boolean sure() { return nanos.getAsLong() < deadlineNanos || storeDown && !standbys.getAsBoolean(); }

    @Override public boolean mayConnect() { return held && sure(); }

    @Override public boolean awaitMayAct() throws InterruptedException {
        if (held && sure()) return true;
        synchronized (this) {
            // Past the deadline with no answer yet (a paused process, a slow store): wait for the next round.
            while (held && !sure()) wait(20);
        }
        return held;
    }

    @Override public void replaced() {
        if (!held) return;
        // Another connection holds the domains now; the lease is left to expire, not released, so the
        // gateway that replaced us (a holder, or one keeping them through a store outage) is not raced.
        lose("the XMPP server gave the domains to another connection");
    }
}
