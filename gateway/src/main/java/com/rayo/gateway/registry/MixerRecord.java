package com.rayo.gateway.registry;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.rayo.protocol.Jid;

/**
 * A mixer as the gateway routes it: whose room it is, what the application calls it, the internal
 * id nodes know it by, the node that mixes, and its live participants. {@code subscribers} are the
 * resources told of it (its presence, its events), so its unavailable presence reaches them all.
 */
public final class MixerRecord {
    /** A verb running on the mixer and who started it (its events go to that resource). */
    public record Component(String verb, Jid requester) {}

    private final String id;
    private final String name;
    private final Jid application;
    private final String nodeDomain;
    private final long createdMillis;
    final Map<String, String> participants = new ConcurrentHashMap<>();
    final Set<String> speaking = ConcurrentHashMap.newKeySet();
    /** Calls whose join is under way, with the direction they asked for. */
    final Map<String, String> joining = new ConcurrentHashMap<>();
    private final Set<Jid> subscribers = ConcurrentHashMap.newKeySet();
    private final Map<String, Component> components = new ConcurrentHashMap<>();

    MixerRecord(String id, String name, Jid application, String nodeDomain, long createdMillis) {
        this.id = id;
        this.name = name;
        this.application = application;
        this.nodeDomain = nodeDomain;
        this.createdMillis = createdMillis;
    }

    public String id() { return id; }
    public String name() { return name; }
    public Jid application() { return application; }
    public String nodeDomain() { return nodeDomain; }
    public long createdMillis() { return createdMillis; }

    /** Call id → join direction. */
    public Map<String, String> participants() { return Map.copyOf(participants); }

    /** Whether nobody is in it or on the way in: a mixer whose first join failed is dropped. */
    public boolean isEmpty() { return participants.isEmpty() && joining.isEmpty(); }

    public boolean isSpeaking(String callId) { return speaking.contains(callId); }

    public int speakingCount() { return speaking.size(); }

    public Set<Jid> subscribers() { return Set.copyOf(subscribers); }

    /** True when the resource was not told of this mixer yet. */
    public boolean subscribe(Jid resource) { return subscribers.add(resource); }

    public void componentStarted(String componentId, String verb, Jid requester) { components.put(componentId, new Component(verb, requester)); }

    public Component component(String componentId) { return components.get(componentId); }

    public void componentCompleted(String componentId) { components.remove(componentId); }

    /** Running verbs as "verb id", sorted. */
    public java.util.List<String> components() {
        return components.entrySet().stream().map(e -> e.getValue().verb() + " " + e.getKey()).sorted().toList();
    }
}
