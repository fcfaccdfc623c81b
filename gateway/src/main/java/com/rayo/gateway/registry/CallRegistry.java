package com.rayo.gateway.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.rayo.gateway.state.StateSink;
import com.rayo.protocol.Jid;

/** Active calls by id; the node and owner of each are what routing needs. */
public final class CallRegistry {
    private final Map<String, CallRecord> calls = new ConcurrentHashMap<>();
    /** Running components (verbs) per call, as "verb id", from their refs to their completes; this gateway's view only. */
    private final Map<String, Map<String, String>> components = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private volatile StateSink sink = StateSink.NONE;

    public void attach(StateSink sink) { this.sink = sink; }

    /** Adds or updates a call; the stage completes when it is in the shared store. */
    public java.util.concurrent.CompletionStage<Void> add(CallRecord call) {
        if (calls.put(call.callId(), call) == null) total.incrementAndGet();
        return sink.callStarted(call);
    }

    /** A call read back from the store: known from now on, not written again; false when it was known already. */
    public boolean restore(CallRecord call) {
        if (calls.putIfAbsent(call.callId(), call) != null) return false;
        total.incrementAndGet();
        return true;
    }

    public CallRecord find(String callId) { return callId == null ? null : calls.get(callId); }

    /** Forgets an active call; {@code reason} is kept with it in the store's history. */
    public CallRecord remove(String callId, String reason) {
        CallRecord c = calls.remove(callId);
        components.remove(callId);
        if (c != null) sink.callEnded(c, reason);
        return c;
    }

    /**
     * Drops every call from memory without ending any in the store: another gateway holds the
     * domains now and the calls live on there; this one reloads them if it holds again.
     */
    public List<CallRecord> forgetAll() {
        List<CallRecord> gone = new java.util.ArrayList<>();
        for (String id : List.copyOf(calls.keySet())) {
            CallRecord c = calls.remove(id);
            if (c != null) gone.add(c);
        }
        return gone;
    }

    /** A verb started on a known call (its ref came back). */
    public void componentStarted(String callId, String componentId, String verb) {
        if (calls.containsKey(callId)) components.computeIfAbsent(callId, k -> new ConcurrentHashMap<>()).put(componentId, verb);
    }

    public void componentCompleted(String callId, String componentId) {
        Map<String, String> m = components.get(callId);
        if (m != null) m.remove(componentId);
    }

    /** The call's running components as "verb id", oldest first is not guaranteed. */
    public List<String> components(String callId) {
        Map<String, String> m = components.get(callId);
        return m == null ? List.of() : m.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).sorted().toList();
    }

    public int componentCount() { return components.values().stream().mapToInt(Map::size).sum(); }

    public List<CallRecord> onNode(String nodeDomain) {
        return calls.values().stream().filter(c -> c.nodeDomain().equals(nodeDomain)).toList();
    }

    public List<CallRecord> ownedBy(Jid owner) {
        return calls.values().stream().filter(c -> c.owner().equals(owner)).toList();
    }

    public List<CallRecord> all() { return List.copyOf(calls.values()); }

    public int activeCount() { return calls.size(); }

    public long totalCount() { return total.get(); }
}
