package com.rayo.gateway.cluster;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.rayo.cassandra.store.ClusterStore;
import com.rayo.gateway.DaemonThreads;

/**
 * This gateway's part in the cluster, each on its own schedule: membership heartbeats, the lease
 * on the XMPP domains (on a thread of its own, so a slow store read elsewhere never makes the
 * holder late) and the polling for broadcast requests.
 */
public final class GatewayCluster implements AutoCloseable {
    public record Settings(Membership.Settings membership, DomainLease.Settings lease, Duration requestPollInterval) { }

    private final Settings settings;
    private final Membership membership;
    private final DomainLease lease;
    private final Broadcasts broadcasts;
    private final ScheduledExecutorService rounds = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("gw-cluster"));
    private final ScheduledExecutorService leaseRounds = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("gw-lease"));

    /**
     * @param domains the XMPP domains the lease is on (gateways with other domains hold their own)
     * @param onPeers told of every peer that joined, left or changed state
     * @param onLease told when this gateway gains or loses the domains
     */
    public GatewayCluster(String self, String domains, ClusterStore store, Settings settings, Clock clock,
                          Supplier<Membership.Counters> counters, Membership.Listener onPeers, DomainLease.Listener onLease) {
        this.settings = settings;
        membership = new Membership(self, domains, store, settings.membership(), clock, counters, onPeers);
        lease = new DomainLease("xmpp-domains:" + domains, self, store, settings.lease(), System::nanoTime,
                membership::confirmedGone, membership::selfDisabled, membership::othersMayTakeOver, onLease);
        membership.holderFrom(lease::holder);
        broadcasts = new Broadcasts(self, store, clock, membership::peers);
    }

    /** Starts the rounds; the lease's first round runs at once. */
    public void start() {
        long beat = settings.membership().interval().toMillis();
        rounds.scheduleWithFixedDelay(membership, 0, beat, TimeUnit.MILLISECONDS);
        long poll = settings.requestPollInterval().toMillis();
        rounds.scheduleWithFixedDelay(broadcasts, poll, poll, TimeUnit.MILLISECONDS);
        leaseRounds.scheduleWithFixedDelay(lease, 0, settings.lease().renewInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    public Membership membership() { return membership; }
    public DomainLease lease() { return lease; }
    public Broadcasts broadcasts() { return broadcasts; }

    /** Stops the rounds; the lease is released apart ({@link DomainLease#release()}), once nothing is left to write. */
    @Override public void close() {
        leaseRounds.shutdownNow();
        rounds.shutdownNow();
    }
}
