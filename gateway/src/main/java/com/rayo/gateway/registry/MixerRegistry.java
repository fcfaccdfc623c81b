package com.rayo.gateway.registry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.gateway.state.StateSink;
import com.rayo.protocol.Jid;

/**
 * Live mixers by internal id, and which mixer each call is in (or joining). Mixer names are per
 * application: the internal id nodes see is derived from the application's bare JID and the name,
 * so two applications' "sales" are two mixers, and an id never looks like a call id (a UUID).
 * Names are case-insensitive, as JID local parts are once an XMPP server has prepared them.
 */
public final class MixerRegistry {
    private final Map<String, MixerRecord> mixers = new ConcurrentHashMap<>();
    /** Call id → the mixer it is in or is joining: a call takes part in one mixer at a time. */
    private final Map<String, String> byCall = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private volatile StateSink sink = StateSink.NONE;

    public void attach(StateSink sink) { this.sink = sink; }

    /** The name as the gateway keeps it (lower case). */
    public static String canonical(String name) { return name.toLowerCase(Locale.ROOT); }

    /** The id nodes know an application's mixer by: {@code m} + 12 hex digits of the application + {@code -} + name. */
    public static String idOf(Jid application, String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(application.bare().toString().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return "m" + HexFormat.of().formatHex(h, 0, 6) + "-" + canonical(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public MixerRecord find(String id) { return id == null ? null : mixers.get(id); }

    public MixerRecord find(Jid application, String name) { return mixers.get(idOf(application, name)); }

    /** The application's mixer of that name, created on {@code node} when it does not exist yet. */
    public MixerRecord place(Jid application, String name, String node, long nowMillis) {
        String id = idOf(application, name);
        MixerRecord created = new MixerRecord(id, canonical(name), application.bare(), node, nowMillis);
        MixerRecord existing = mixers.putIfAbsent(id, created);
        if (existing != null) return existing;
        total.incrementAndGet();
        sink.mixerCreated(created);
        return created;
    }

    /** A mixer read back from the store (another gateway created it). */
    public MixerRecord restore(String id, String name, Jid application, String node, long createdMillis, Map<String, String> participants) {
        MixerRecord r = new MixerRecord(id, name, application, node, createdMillis);
        if (mixers.putIfAbsent(id, r) != null) return mixers.get(id);
        r.participants.putAll(participants);
        for (String call : participants.keySet()) byCall.put(call, id);
        return r;
    }

    /** Holds the call for a join of this mixer; false when it is in (or joining) one already. */
    public boolean reserve(String callId, MixerRecord m, String direction) {
        if (byCall.putIfAbsent(callId, m.id()) != null) return false;
        m.joining.put(callId, direction == null ? "duplex" : direction);
        return true;
    }

    /** A join that failed lets the call go; the mixer goes too when that leaves it empty. */
    public void release(String callId, MixerRecord m) {
        m.joining.remove(callId);
        if (!m.participants.containsKey(callId)) byCall.remove(callId, m.id());
        if (m.isEmpty()) remove(m.id());
    }

    /** The mixer the call is in or joining, or null. */
    public String mixerOf(String callId) { return byCall.get(callId); }

    /** The mixer's node says the call is in (with the direction its join asked for). */
    public void joined(MixerRecord m, String callId) {
        byCall.put(callId, m.id());
        String direction = m.joining.remove(callId);
        if (direction == null) direction = m.participants.getOrDefault(callId, "duplex");
        if (m.participants.put(callId, direction) == null) sink.mixerParticipant(m, callId, direction, false);
    }

    public void left(MixerRecord m, String callId) {
        byCall.remove(callId, m.id());
        m.speaking.remove(callId);
        if (m.participants.remove(callId) != null) sink.mixerLeft(m, callId);
    }

    public void speaking(MixerRecord m, String callId, boolean speaking) {
        if (!m.participants.containsKey(callId)) return;
        if (speaking ? m.speaking.add(callId) : m.speaking.remove(callId)) sink.mixerParticipant(m, callId, m.participants.get(callId), speaking);
    }

    /** The mixer is gone (its last participant left, or its node was lost). */
    public MixerRecord remove(String id) {
        MixerRecord m = mixers.remove(id);
        if (m == null) return null;
        for (String call : m.participants.keySet()) {
            byCall.remove(call, id);
            sink.mixerLeft(m, call);
        }
        sink.mixerRemoved(m);
        return m;
    }

    /** Drops every mixer from memory, not from the store: another gateway holds the domains now. */
    public void forgetAll() {
        mixers.clear();
        byCall.clear();
    }

    public List<MixerRecord> onNode(String nodeDomain) {
        return mixers.values().stream().filter(m -> m.nodeDomain().equals(nodeDomain)).toList();
    }

    public List<MixerRecord> all() { return List.copyOf(mixers.values()); }

    public int activeCount() { return mixers.size(); }

    public long totalCount() { return total.get(); }
}
