package com.rayo.cassandra.store;

import java.util.List;
import java.util.Optional;

import com.rayo.cassandra.store.Rows.AddressRow;
import com.rayo.cassandra.store.Rows.ApplicationRow;
import com.rayo.cassandra.store.Rows.BanRow;
import com.rayo.cassandra.store.Rows.BlacklistRow;
import com.rayo.cassandra.store.Rows.GatewayRow;
import com.rayo.cassandra.store.Rows.CallRow;
import com.rayo.cassandra.store.Rows.MixerRow;
import com.rayo.cassandra.store.Rows.NodeRow;
import com.rayo.cassandra.store.Rows.ResourceRow;

/**
 * The cluster state every gateway shares. Writes are synchronous here (they run on the
 * write-behind lanes, never on the stanza path); reads serve recovery, ops and admin.
 * Every read is by partition key, except the listings ops use (all nodes, all apps).
 */
public interface ClusterStore extends AutoCloseable {
    void putNode(NodeRow node);
    void removeNode(String domain, String platform);
    Optional<NodeRow> node(String domain);
    List<NodeRow> nodesOnPlatform(String platform);
    List<NodeRow> nodes();

    void putApplication(ApplicationRow app);
    void removeApplication(String jid);
    Optional<ApplicationRow> application(String jid);
    List<ApplicationRow> applications();

    void putAddress(AddressRow address);
    void removeAddress(String address);
    Optional<AddressRow> address(String address);
    List<String> addressesOf(String appJid);

    void putResource(ResourceRow resource);
    void removeResource(String appJid, String resource);
    List<ResourceRow> resourcesOf(String appJid);

    void putCall(CallRow call);
    /** Moves the call to history: gone from the active views, the row itself expires after the history TTL. */
    void endCall(CallRow ended);
    /** A call that ended before it was ever stored: its history row only. */
    void recordEndedCall(CallRow ended);
    Optional<CallRow> call(String callId);
    List<CallRow> callsOnNode(String node);
    List<CallRow> callsOfApplication(String appJid);
    List<CallRow> activeCalls();
    /** Calls that ended in [from, to), newest first, at most {@code max}. */
    List<CallRow> endedCalls(java.time.Instant from, java.time.Instant to, int max);

    void putMixer(MixerRow mixer);
    void removeMixer(String name);
    /** A participant's whole state (how it joined, whether it speaks): one write per change, so a newer one can replace it. */
    void putMixerParticipant(String name, Rows.ParticipantRow participant);
    void removeMixerParticipant(String name, String callId);
    List<MixerRow> mixers();
    List<Rows.ParticipantRow> mixerParticipants(String name);

    void putBan(BanRow ban);
    void removeBan(String jid);
    List<BanRow> bans();

    void putBlacklist(BlacklistRow row);
    void removeBlacklist(String platform, String domain);
    List<BlacklistRow> blacklist(String platform);

    /** A cluster-wide setting an admin changed (name → value). */
    void putSetting(String name, String value);
    java.util.Map<String, String> settings();

    /** Writes a gateway's heartbeat row; it expires after {@code ttl} unless written again. */
    void putGateway(GatewayRow gateway, java.time.Duration ttl);
    List<GatewayRow> gateways();
    /** An admin's disable of a gateway (clusterer_set_status), kept apart from its heartbeats. */
    void setGatewayDisabled(String id, boolean disabled);
    java.util.Set<String> disabledGateways();

    /** Posts a broadcast request; every gateway reads it at its next poll. Rows expire after ten minutes. */
    void postRequest(Rows.RequestRow request);
    /** Requests created at or after {@code since} (and within the last ten minutes), oldest first. */
    List<Rows.RequestRow> requestsSince(java.time.Instant since);
    void putReply(Rows.ReplyRow reply);
    List<Rows.ReplyRow> replies(String requestId);

    /** The lease as a linearizable (serial) read sees it; a never-taken lease is free at epoch 0. */
    Rows.LeaseRow lease(String name);
    /**
     * Takes the lease if it is free and still at {@code seenEpoch} (so two takers cannot both win):
     * this holder under epoch seenEpoch + 1 until {@code ttl} passes without a renewal.
     */
    boolean acquireLease(String name, String holder, long seenEpoch, java.time.Duration ttl);
    /** Extends the lease by {@code ttl} if this holder still has it under this epoch. */
    boolean renewLease(String name, String holder, long epoch, java.time.Duration ttl);
    /**
     * Frees the lease at once if this holder has it under this epoch (a clean stop, its writes
     * flushed): with no last holder left to wait for, a standby takes it at its next round.
     */
    void releaseLease(String name, String holder, long epoch);

    /**
     * Runs several writes as one group where the store can (on Cassandra: sent
     * concurrently, waited for together); reads inside still run at once. All or nothing is not promised: a
     * failed group is retried whole, and every write is idempotent.
     */
    default void writeTogether(Runnable writes) { writes.run(); }

    @Override void close();
}
