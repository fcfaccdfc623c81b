package com.rayo.gateway.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.rayo.gateway.state.StateSink;
import com.rayo.protocol.Jid;

/**
 * Applications, the addresses they own, and their connected resources with presence.
 * Reads are lock-free map lookups: the stanza path never waits here.
 */
public final class ApplicationRegistry {
    private final Map<Jid, Application> byJid = new ConcurrentHashMap<>();
    private final Map<String, Jid> addressOwner = new ConcurrentHashMap<>();
    private final Map<Jid, Map<Jid, Boolean>> resources = new ConcurrentHashMap<>(); // bare → full JID → available for offers
    private final Map<Jid, AtomicInteger> roundRobin = new ConcurrentHashMap<>();
    private final java.util.Set<Jid> everConnectedApps = ConcurrentHashMap.newKeySet();
    private final java.util.Set<Jid> everConnectedResources = ConcurrentHashMap.newKeySet();
    /** Local changes are numbered, so a refresh can tell one made after its last read (maybe not written yet). */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    private final Map<Object, Long> changedAt = new ConcurrentHashMap<>(); // application Jid or address → its last local change
    private volatile StateSink sink = StateSink.NONE;

    /** From now on every change is reported (attached after the state was loaded). */
    public void attach(StateSink sink) { this.sink = sink; }

    public void register(Application app) {
        changedAt.put(app.jid(), changes.incrementAndGet());
        if (!app.equals(byJid.put(app.jid(), app))) sink.applicationChanged(app);
    }

    /** The number of the latest local change (a refresh notes it before it reads the store). */
    public long changeCount() { return changes.get(); }

    /** Whether the application or address was registered here after local change {@code count}. */
    public boolean changedSince(Object appOrAddress, long count) {
        return changedAt.getOrDefault(appOrAddress instanceof String s ? Addresses.normalize(s) : appOrAddress, 0L) > count;
    }

    /**
     * What the store holds (written by any gateway): applied without being written back,
     * so a refresh never resurrects what another gateway just removed.
     */
    public void applyStored(Application app, List<String> storedAddresses) {
        byJid.put(app.jid(), app);
        for (String a : storedAddresses) addressOwner.put(Addresses.normalize(a), app.jid());
    }

    /** Removed from the store by another gateway: forgotten here, nothing written. */
    public void forgetStored(Jid app) {
        Jid bare = app.bare();
        if (byJid.remove(bare) == null) return;
        addressOwner.values().removeIf(bare::equals);
        resources.remove(bare);
    }

    public void forgetStoredAddress(String address) { addressOwner.remove(Addresses.normalize(address)); }

    public Application find(Jid jid) {
        return jid == null ? null : byJid.get(jid.bare());
    }

    public List<Application> all() { return List.copyOf(byJid.values()); }

    public void unregister(Jid jid) {
        if (!byJid.containsKey(jid.bare())) return;
        forgetStored(jid);
        sink.applicationRemoved(jid.bare());
    }

    /** Assigns an address to an application; an address has one owner. */
    public void registerAddress(Jid app, String address) {
        if (!byJid.containsKey(app.bare())) throw new IllegalArgumentException("no application " + app.bare());
        String a = Addresses.normalize(address);
        changedAt.put(a, changes.incrementAndGet());
        if (!app.bare().equals(addressOwner.put(a, app.bare()))) sink.addressChanged(a, app.bare());
    }

    public void unregisterAddress(String address) {
        String a = Addresses.normalize(address);
        if (addressOwner.remove(a) != null) sink.addressRemoved(a);
    }

    public Application ownerOf(String address) {
        Jid owner = addressOwner.get(Addresses.normalize(address));
        return owner == null ? null : byJid.get(owner);
    }

    public List<String> addressesOf(Jid app) {
        List<String> out = new ArrayList<>();
        addressOwner.forEach((a, j) -> { if (j.equals(app.bare())) out.add(a); });
        return out;
    }

    /** A resource sent available presence; {@code acceptsOffers} is false for away/dnd/xa. */
    public void resourceAvailable(Jid full, boolean acceptsOffers) {
        Boolean before = resources.computeIfAbsent(full.bare(), k -> new ConcurrentHashMap<>()).put(full, acceptsOffers);
        everConnectedApps.add(full.bare());
        everConnectedResources.add(full);
        if (before == null || before != acceptsOffers) sink.resourceChanged(full, acceptsOffers);
    }

    /** Returns whether the resource was known. */
    public boolean resourceUnavailable(Jid full) {
        Map<Jid, Boolean> r = resources.get(full.bare());
        boolean known = r != null && r.remove(full) != null;
        if (known) sink.resourceRemoved(full);
        return known;
    }

    /** Applications and resources that connected to this gateway since it started (statistics). */
    public int everConnectedApplications() { return everConnectedApps.size(); }
    public int everConnectedResources() { return everConnectedResources.size(); }

    public boolean isConnected(Jid full) {
        Map<Jid, Boolean> r = resources.get(full.bare());
        return r != null && r.containsKey(full);
    }

    public List<Jid> resourcesOf(Jid app) {
        Map<Jid, Boolean> r = resources.get(app.bare());
        return r == null ? List.of() : List.copyOf(r.keySet());
    }

    /** Resources that take offers, in a stable order, for round robin. */
    public List<Jid> offerTargets(Jid app) {
        Map<Jid, Boolean> r = resources.get(app.bare());
        if (r == null) return List.of();
        List<Jid> out = new ArrayList<>();
        r.forEach((j, ok) -> { if (ok) out.add(j); });
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return out;
    }

    /** The next resource in round-robin order, or null when none takes offers. */
    public Jid nextOfferTarget(Jid app) {
        List<Jid> targets = offerTargets(app);
        if (targets.isEmpty()) return null;
        int i = roundRobin.computeIfAbsent(app.bare(), k -> new AtomicInteger()).getAndIncrement();
        return targets.get(Math.floorMod(i, targets.size()));
    }
}
