package com.rayo.node.sim;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.rayo.node.backend.CommandResult;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaListener;
import com.rayo.node.media.PlaySource;
import com.rayo.node.verbs.CallVerbs;
import com.rayo.node.verbs.VerbContext;
import com.rayo.node.verbs.VerbEvents;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.RayoElement;

/**
 * The simulator's media: the same verbs as on SIP, on a 20 ms clock with no network. An output
 * lasts exactly its document, a record records silence for exactly its time, and the far end's
 * keys come from the {@code simulate} trigger — so gateway and application logic around verbs
 * is testable without SIP or relays.
 */
final class SimulatedMedia implements AutoCloseable {
    private final VerbContext context;
    private final VerbEvents events;
    private final Map<String, Line> lines = new ConcurrentHashMap<>();
    private final ScheduledExecutorService clock;

    /** One answered call's media. */
    private static final class Line implements CallMedia {
        final List<PlaySource> sources = new CopyOnWriteArrayList<>();
        final List<MediaListener> listeners = new CopyOnWriteArrayList<>();
        final StringBuilder sentKeys = new StringBuilder();
        CallVerbs verbs;

        @Override public void addSource(PlaySource s) { sources.add(s); }
        @Override public void removeSource(PlaySource s) { sources.remove(s); }
        @Override public void addListener(MediaListener l) { listeners.add(l); }
        @Override public void removeListener(MediaListener l) { listeners.remove(l); }
        @Override public synchronized void sendDigits(String keys) { sentKeys.append(keys); }

        void tick() {
            short[] frame = PlaySource.mixNext(sources);
            for (MediaListener l : listeners) l.sent(frame);
        }
    }

    SimulatedMedia(VerbContext context, VerbEvents events) {
        this.context = context;
        this.events = events;
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sim-media");
            t.setDaemon(true);
            return t;
        });
        clock.scheduleAtFixedRate(() -> lines.values().forEach(Line::tick), 20, 20, TimeUnit.MILLISECONDS);
    }

    void attach(String callId) {
        Line l = new Line();
        l.verbs = new CallVerbs(callId, l, context, events);
        lines.put(callId, l);
    }

    void detach(String callId) {
        Line l = lines.remove(callId);
        if (l != null) l.verbs.hangup();
    }

    CommandResult verb(String callId, RayoElement verb) {
        Line l = lines.get(callId);
        return l == null ? noMedia(callId) : l.verbs.start(verb);
    }

    CommandResult command(String callId, String componentId, ComponentCommand c) {
        Line l = lines.get(callId);
        return l == null ? CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no component " + componentId + " on call " + callId) : l.verbs.command(componentId, c);
    }

    /** Keys sent to the simulated far end so far (by {@code <dtmf tones>}). */
    String sentKeys(String callId) {
        Line l = lines.get(callId);
        return l == null ? null : l.sentKeys.toString();
    }

    void sendDigits(String callId, String keys) {
        Line l = lines.get(callId);
        if (l != null) l.sendDigits(keys);
    }

    /** The simulated far end presses keys. */
    boolean press(String callId, String keys) {
        Line l = lines.get(callId);
        if (l == null) return false;
        for (char k : keys.toUpperCase(java.util.Locale.ROOT).toCharArray()) for (MediaListener m : l.listeners) m.digit(k);
        return true;
    }

    boolean hasMedia(String callId) { return lines.containsKey(callId); }

    /** An answered call's line, or null. */
    CallMedia line(String callId) { return lines.get(callId); }

    int activeComponents() {
        int n = 0;
        for (Line l : lines.values()) n += l.verbs.active();
        return n;
    }

    static CommandResult noMedia(String callId) {
        return CommandResult.refuse(StanzaError.UNEXPECTED_REQUEST, "call " + callId + " has no media yet: verbs run once it is answered");
    }

    @Override public void close() {
        for (String id : List.copyOf(lines.keySet())) detach(id);
        clock.shutdownNow();
    }
}
