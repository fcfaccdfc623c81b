package com.rayo.cassandra.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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
 * The same contract in memory, for logic tests and the "persistence off" side of the
 * store benchmark. Not for production: one process, nothing survives a restart.
 */
public final class MemoryStore implements ClusterStore {
    private final Map<String, NodeRow> nodes = new ConcurrentHashMap<>();
    private final Map<String, ApplicationRow> apps = new ConcurrentHashMap<>();
    private final Map<String, AddressRow> addresses = new ConcurrentHashMap<>();
    private final Map<String, ResourceRow> resources = new ConcurrentHashMap<>();
    private final Map<String, CallRow> calls = new ConcurrentHashMap<>();
    private final Map<String, MixerRow> mixers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Rows.ParticipantRow>> participants = new ConcurrentHashMap<>();
    private final Map<String, BanRow> bans = new ConcurrentHashMap<>();
    private final Map<String, BlacklistRow> blacklist = new ConcurrentHashMap<>();

    @Override public void putNode(NodeRow n) { nodes.put(n.domain(), n); }
    @Override public void removeNode(String domain, String platform) { nodes.remove(domain); }
    @Override public Optional<NodeRow> node(String domain) { return Optional.ofNullable(nodes.get(domain)); }
    @Override public List<NodeRow> nodesOnPlatform(String p) { return nodes.values().stream().filter(n -> n.platform().equals(p)).toList(); }
    @Override public List<NodeRow> nodes() { return List.copyOf(nodes.values()); }

    @Override public void putApplication(ApplicationRow a) { apps.put(a.jid(), a); }
    @Override public void removeApplication(String jid) {
        apps.remove(jid);
        addresses.values().removeIf(a -> a.appJid().equals(jid));
    }
    @Override public Optional<ApplicationRow> application(String jid) { return Optional.ofNullable(apps.get(jid)); }
    @Override public List<ApplicationRow> applications() { return List.copyOf(apps.values()); }

    @Override public void putAddress(AddressRow a) { addresses.put(a.address(), a); }
    @Override public void removeAddress(String address) { addresses.remove(address); }
    @Override public Optional<AddressRow> address(String address) { return Optional.ofNullable(addresses.get(address)); }
    @Override public List<String> addressesOf(String appJid) {
        return addresses.values().stream().filter(a -> a.appJid().equals(appJid)).map(AddressRow::address).sorted().toList();
    }

    @Override public void putResource(ResourceRow r) { resources.put(r.appJid() + "/" + r.resource(), r); }
    @Override public void removeResource(String appJid, String resource) { resources.remove(appJid + "/" + resource); }
    @Override public List<ResourceRow> resourcesOf(String appJid) { return resources.values().stream().filter(r -> r.appJid().equals(appJid)).toList(); }

    @Override public void putCall(CallRow c) { calls.put(c.callId(), c); }
    @Override public void endCall(CallRow c) { calls.put(c.callId(), c); }
    @Override public void recordEndedCall(CallRow c) { calls.put(c.callId(), c); }
    @Override public Optional<CallRow> call(String id) { return Optional.ofNullable(calls.get(id)); }
    @Override public List<CallRow> callsOnNode(String node) { return active().stream().filter(c -> c.node().equals(node)).toList(); }
    @Override public List<CallRow> callsOfApplication(String app) { return active().stream().filter(c -> c.appJid().equals(app)).toList(); }
    @Override public List<CallRow> activeCalls() { return active(); }
    @Override public List<CallRow> endedCalls(java.time.Instant from, java.time.Instant to, int max) {
        return calls.values().stream().filter(c -> c.ended() != null && !c.ended().isBefore(from) && c.ended().isBefore(to))
                .sorted(java.util.Comparator.comparing((CallRow c) -> c.ended()).reversed()).limit(max).toList();
    }
    private List<CallRow> active() { return calls.values().stream().filter(c -> c.ended() == null).toList(); }

    @Override public void putMixer(MixerRow m) { mixers.put(m.name(), m); }
    @Override public void removeMixer(String name) { mixers.remove(name); participants.remove(name); }
    @Override public void putMixerParticipant(String name, Rows.ParticipantRow p) {
        participants.computeIfAbsent(name, k -> new java.util.concurrent.ConcurrentSkipListMap<>()).put(p.callId(), p);
    }
    @Override public void removeMixerParticipant(String name, String callId) { Map<String, Rows.ParticipantRow> p = participants.get(name); if (p != null) p.remove(callId); }
    @Override public List<MixerRow> mixers() { return List.copyOf(mixers.values()); }
    @Override public List<Rows.ParticipantRow> mixerParticipants(String name) { return new ArrayList<>(participants.getOrDefault(name, Map.of()).values()); }

    @Override public void putBan(BanRow b) { bans.put(b.jid(), b); }
    @Override public void removeBan(String jid) { bans.remove(jid); }
    @Override public List<BanRow> bans() { return List.copyOf(bans.values()); }

    @Override public void putBlacklist(BlacklistRow b) { blacklist.put(b.platform() + "/" + b.domain(), b); }
    @Override public void removeBlacklist(String platform, String domain) { blacklist.remove(platform + "/" + domain); }
    @Override public List<BlacklistRow> blacklist(String platform) { return blacklist.values().stream().filter(b -> b.platform().equals(platform)).toList(); }

    private final Map<String, String> settings = new ConcurrentHashMap<>();
    @Override public void putSetting(String name, String value) { settings.put(name, value); }
    @Override public Map<String, String> settings() { return Map.copyOf(settings); }

    private final Map<String, GatewayRow> gateways = new ConcurrentHashMap<>();
    private final java.util.Set<String> disabledGateways = ConcurrentHashMap.newKeySet();

    /** TTLs are not modelled here: a test removes a gateway's row by not writing it (see the contract). */
    @Override public void putGateway(GatewayRow g, java.time.Duration ttl) { gateways.put(g.id(), g); }
    @Override public List<GatewayRow> gateways() { return List.copyOf(gateways.values()); }
    @Override public void setGatewayDisabled(String id, boolean disabled) {
        if (disabled) disabledGateways.add(id);
        else disabledGateways.remove(id);
    }
    @Override public java.util.Set<String> disabledGateways() { return java.util.Set.copyOf(disabledGateways); }

    // broadcast requests (no expiry modelled: a test's run is short)
    private final List<Rows.RequestRow> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Rows.ReplyRow>> replies = new ConcurrentHashMap<>();

    @Override public void postRequest(Rows.RequestRow r) { requests.add(r); }
    @Override public List<Rows.RequestRow> requestsSince(java.time.Instant since) {
        return requests.stream().filter(r -> !r.created().isBefore(since)).sorted(java.util.Comparator.comparing(Rows.RequestRow::created)).toList();
    }
    @Override public void putReply(Rows.ReplyRow r) { replies.computeIfAbsent(r.requestId(), k -> new ConcurrentHashMap<>()).put(r.gateway(), r); }
    @Override public List<Rows.ReplyRow> replies(String requestId) { return List.copyOf(replies.getOrDefault(requestId, Map.of()).values()); }

    // leases: the TTL is modelled (on the clock given), as lease logic depends on expiry
    private record Lease(String holder, long epoch, String lastHolder, java.time.Instant expires) { }
    private final Map<String, Lease> leases = new java.util.HashMap<>();
    private final java.time.Clock clock;

    public MemoryStore() { this(java.time.Clock.systemUTC()); }
    public MemoryStore(java.time.Clock clock) { this.clock = clock; }

    @Override public synchronized Rows.LeaseRow lease(String name) {
        Lease l = leases.get(name);
        if (l == null) return new Rows.LeaseRow(name, null, 0, null);
        boolean live = l.holder() != null && clock.instant().isBefore(l.expires());
        return new Rows.LeaseRow(name, live ? l.holder() : null, l.epoch(), l.lastHolder());
    }
    @Override public synchronized boolean acquireLease(String name, String holder, long seenEpoch, java.time.Duration ttl) {
        Rows.LeaseRow now = lease(name);
        if (!now.free() || now.epoch() != seenEpoch) return false;
        leases.put(name, new Lease(holder, seenEpoch + 1, holder, clock.instant().plus(ttl)));
        return true;
    }
    @Override public synchronized boolean renewLease(String name, String holder, long epoch, java.time.Duration ttl) {
        Rows.LeaseRow now = lease(name);
        if (!holder.equals(now.holder()) || now.epoch() != epoch) return false;
        leases.put(name, new Lease(holder, epoch, holder, clock.instant().plus(ttl)));
        return true;
    }
    @Override public synchronized void releaseLease(String name, String holder, long epoch) {
        Rows.LeaseRow now = lease(name);
        if (holder.equals(now.holder()) && now.epoch() == epoch) leases.put(name, new Lease(null, epoch, null, clock.instant()));
    }

    @Override public void close() { }
}
