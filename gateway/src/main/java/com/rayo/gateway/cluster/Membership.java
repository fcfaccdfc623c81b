package com.rayo.gateway.cluster;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.cassandra.store.Rows;

/**
 * Cluster membership on the shared store: every interval this gateway writes its
 * heartbeat (with a TTL, so a gateway that stopped disappears) and reads everyone's,
 * classifies each peer (up / probing / down / disabled) and reports joins, leaves and
 * state changes. Cassandra is the source of truth; no peer channel is needed to agree.
 */
public final class Membership implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(Membership.class);

    /** @param rowTtl how long a silent gateway's row stays listed (as down) before it vanishes */
    public record Settings(Duration interval, Duration probingAfter, Duration downAfter, Duration rowTtl) {
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(500), Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ofMinutes(10));
        }
    }

    /** This gateway's own figures for its heartbeat row. */
    public record Counters(int calls, long messages, long errors) { }

    /** Told of every peer that joined, left or changed state (state null: it left the listing). */
    public interface Listener {
        void changed(String peer, PeerState before, PeerState now);
    }

    private final String self;
    /** The XMPP domains this gateway serves: peers with the same ones can take its place. */
    private final String domains;
    private final ClusterStore store;
    private final Settings settings;
    private final Clock clock;
    private final Supplier<Counters> counters;
    private final Listener listener;
    private final Instant started;
    private final Map<String, PeerState> known = new ConcurrentHashMap<>();
    /** A peer's last heartbeat and when it was seen to change, on this gateway's clock (no clock skew). */
    private record Seen(Instant beat, Instant changedAt) { }
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    /** Since when every round has read the store (null: the last one failed). */
    private volatile Instant freshSince;
    private volatile Instant lastRound;
    private boolean failing; // the rounds' thread only
    private volatile Supplier<String> holder = () -> null;
    private volatile List<Peer> peers = List.of();
    /** Each listed gateway's domains (null: a gateway that does not say, counted as able to stand in). */
    private final Map<String, String> domainsOf = new ConcurrentHashMap<>();

    public Membership(String self, String domains, ClusterStore store, Settings settings, Clock clock, Supplier<Counters> counters, Listener listener) {
        this.self = self;
        this.domains = domains;
        this.store = store;
        this.settings = settings;
        this.clock = clock;
        this.counters = counters;
        this.listener = listener;
        this.started = clock.instant();
    }

    public String self() { return self; }
    public Settings settings() { return settings; }

    /** The last view: every gateway listed in the store, this one included. */
    public List<Peer> peers() { return peers; }

    /** Where the view learns which gateway holds the domains (the lease). */
    public void holderFrom(Supplier<String> source) { this.holder = source; }

    /**
     * Whether a gateway is known to be gone: this gateway has read the store without a gap for
     * {@code down-after} and the peer's heartbeat has not changed for {@code probing-after} (or it is
     * disabled or unlisted). Right after a store outage nobody is confirmed gone, though every
     * heartbeat is old: the peer may not have been able to write either.
     */
    public boolean confirmedGone(String id) {
        Instant now = clock.instant();
        Instant fresh = freshSince, last = lastRound;
        if (fresh == null || last == null || Duration.between(last, now).compareTo(settings.interval().multipliedBy(3)) > 0) return false;
        if (Duration.between(fresh, now).compareTo(settings.downAfter()) < 0) return false;
        PeerState s = known.get(id);
        if (s == null || s == PeerState.DISABLED) return true;
        Seen beat = seen.get(id);
        return beat != null && Duration.between(beat.changedAt(), now).compareTo(settings.probingAfter()) >= 0;
    }

    /**
     * Whether another gateway could take the domains over: one serving the same domains that was up
     * (or only late) in the last view, however old — during a store outage this gateway cannot tell whether a standby lost the
     * store too, so it assumes the one it last saw still can.
     */
    public boolean othersMayTakeOver() {
        for (Peer p : peers) {
            if (p.self() || p.state() != PeerState.UP && p.state() != PeerState.PROBING) continue;
            String theirs = domainsOf.get(p.id());
            if (theirs == null || theirs.equals(domains)) return true;
        }
        return false;
    }

    /** Whether an administrator disabled this gateway, as of the last view. */
    public boolean selfDisabled() { return known.get(self) == PeerState.DISABLED; }

    @Override public void run() {
        try {
            beat();
            look();
            if (freshSince == null) freshSince = clock.instant();
            lastRound = clock.instant();
            if (failing) log.info("event=membership-store-reachable");
            failing = false;
        } catch (RuntimeException e) {
            freshSince = null;
            // The view ages, nothing else; said once per outage (a standby cannot take over meanwhile).
            if (!failing) log.warn("event=membership-store-unreachable reason=\"{}\"", e.getMessage());
            failing = true;
        }
    }

    void beat() {
        Counters c = counters.get();
        store.putGateway(new Rows.GatewayRow(self, clock.instant(), started, c.calls(), c.messages(), c.errors(), domains), settings.rowTtl());
    }

    void look() {
        Instant now = clock.instant();
        Set<String> disabled = store.disabledGateways();
        String holds = holder.get();
        List<Peer> view = new ArrayList<>();
        for (Rows.GatewayRow g : store.gateways()) {
            PeerState s = PeerState.of(g.heartbeat(), now, disabled.contains(g.id()), settings.probingAfter(), settings.downAfter());
            if (g.domains() == null) domainsOf.remove(g.id());
            else domainsOf.put(g.id(), g.domains());
            seen.compute(g.id(), (id, old) -> old != null && java.util.Objects.equals(old.beat(), g.heartbeat()) ? old : new Seen(g.heartbeat(), now));
            view.add(new Peer(g.id(), s, g.id().equals(holds) ? Peer.HOLDER : Peer.STANDBY, g.id().equals(self), g.heartbeat(), g.started(),
                    g.calls(), g.messages(), g.errors()));
            PeerState before = known.put(g.id(), s);
            if (before != s) {
                if (before == null) log.info("event=peer-joined peer={} state={}", g.id(), s);
                else log.info("event=peer-state peer={} from={} to={}", g.id(), before, s);
                listener.changed(g.id(), before, s);
            }
        }
        for (String gone : List.copyOf(known.keySet())) {
            if (view.stream().noneMatch(p -> p.id().equals(gone))) {
                PeerState before = known.remove(gone);
                seen.remove(gone);
                domainsOf.remove(gone);
                log.info("event=peer-left peer={}", gone);
                listener.changed(gone, before, null);
            }
        }
        view.sort((a, b) -> a.id().compareTo(b.id()));
        peers = List.copyOf(view);
    }
}
