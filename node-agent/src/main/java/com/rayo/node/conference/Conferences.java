package com.rayo.node.conference;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.rayo.node.backend.CommandResult;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaEngine;
import com.rayo.node.media.RtpSession;
import com.rayo.node.mixer.Mixer;
import com.rayo.node.mixer.SpeechDetector;
import com.rayo.node.verbs.CallVerbs;
import com.rayo.node.verbs.VerbContext;
import com.rayo.protocol.Jid;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.Input;
import com.rayo.protocol.rayo.JoinTarget;
import com.rayo.protocol.rayo.MixerLeg;
import com.rayo.protocol.rayo.Prompt;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.Speaking;
import com.rayo.protocol.rayo.XmppUri;

/**
 * The node's named mixers (Rayo conferences). A mixer is created by its first participant and
 * destroyed when its last one leaves. A participant is a call of this node, whose media joins the
 * mixer, or a <em>leg</em>: a call of another node whose media comes over a trunk, an RTP stream
 * between the two nodes. A call of this node may itself be the near end of such a trunk, towards a
 * mixer on another node: a mixer of two (the call and the trunk) bridges them, so the call's verbs
 * and keys stay on its own node. A call takes part in one join at a time. One lock: a join changes
 * the mixer, the call and, on creation, the set of mixers at once.
 */
public final class Conferences implements AutoCloseable {
    private final ConferenceCalls calls;
    private final MediaEngine engine;
    private final String mediaHost;
    private final VerbContext verbContext;
    private final ConferenceEvents events;
    private final Map<String, Conference> mixers = new ConcurrentHashMap<>();
    /** This node's calls that are joined to a mixer, here or over a trunk: call id → membership. */
    private final Map<String, Membership> members = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledFuture<?> legCheck;
    static final java.time.Duration LEG_SILENCE = java.time.Duration.ofSeconds(10);
    private final long legSilenceNanos;

    /** One named mixer and its verbs (output to everyone, the conference recording). */
    private final class Conference implements Mixer.Events {
        final String name;
        final Mixer mixer;
        final CallVerbs verbs;
        final Runnable ticker;
        final Map<String, Participant> participants = new ConcurrentHashMap<>();

        Conference(String name) {
            this.name = name;
            this.mixer = new Mixer(name, SpeechDetector.DEFAULT, this);
            this.verbs = new CallVerbs(name, new MixerMedia(mixer), verbContext, events);
            this.ticker = mixer::tick;
        }

        @Override public void speaking(String participant, boolean started) {
            Participant p = participants.get(participant);
            if (p != null) events.mixerEvent(name, new Speaking(started, p.uri));
        }
    }

    /** In a mixer of this node: the call's URI, and the trunk when the call is on another node. */
    private record Participant(String uri, RtpSession leg) {}

    /** A call of this node in a mixer: here (no trunk), or over a trunk bridged to the call. */
    private record Membership(String mixer, RtpSession trunk, Mixer bridge, Runnable ticker) {}

    public Conferences(ConferenceCalls calls, MediaEngine engine, String mediaHost, VerbContext verbContext, ConferenceEvents events) {
        this(calls, engine, mediaHost, verbContext, events, LEG_SILENCE);
    }

    /** @param legSilence how long a leg may hear nothing before it counts as lost */
    Conferences(ConferenceCalls calls, MediaEngine engine, String mediaHost, VerbContext verbContext, ConferenceEvents events, java.time.Duration legSilence) {
        this.legSilenceNanos = legSilence.toNanos();
        this.calls = calls;
        this.engine = engine;
        this.mediaHost = mediaHost;
        this.verbContext = verbContext;
        this.events = events;
        long every = Math.min(1000, legSilence.toMillis() / 2);
        legCheck = verbContext.timer().scheduleWithFixedDelay(this::dropSilentLegs, every, every, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Both ends of a leg send every 20 ms (silence when nobody speaks), so a leg that has heard nothing
     * for {@link #LEG_SILENCE} has lost its other node: the gateway normally says so first (node
     * loss, within seconds); this is the backstop when that word was lost (a gateway failing over).
     */
    synchronized void dropSilentLegs() {
        for (Conference c : List.copyOf(mixers.values())) {
            for (Map.Entry<String, Participant> e : Map.copyOf(c.participants).entrySet()) {
                if (e.getValue().leg != null && e.getValue().leg.silentNanos() > legSilenceNanos) removeLeg(c.name, e.getValue().uri);
            }
        }
        for (Map.Entry<String, Membership> e : Map.copyOf(members).entrySet()) {
            if (e.getValue().trunk != null && e.getValue().trunk.silentNanos() > legSilenceNanos) leave(e.getKey(), e.getValue());
        }
    }

    public boolean isMixer(String name) { return mixers.containsKey(name); }

    /** Whether the call is in a mixer (here or elsewhere): it cannot join another call meanwhile. */
    public boolean inMixer(String callId) { return members.containsKey(callId); }

    /** {@code <join mixer-name>} of a call of this node, to a mixer of this node (created if need be). */
    public synchronized CommandResult join(String callId, String mixerName, String direction) {
        CommandResult refused = joinable(callId);
        if (refused != null) return refused;
        Conference c = open(mixerName);
        c.mixer.join(callId, calls.media(callId), Mixer.Direction.of(direction));
        String uri = events.callUri(callId);
        c.participants.put(callId, new Participant(uri, null));
        members.put(callId, new Membership(mixerName, null, null, null));
        events.callEvent(callId, new JoinTarget(JoinTarget.Type.JOINED, null, mixerName));
        events.mixerEvent(mixerName, new JoinTarget(JoinTarget.Type.JOINED, uri, null));
        return CommandResult.OK;
    }

    /** {@code <mixer-leg mixer-name host port>} to a call: its media meets the mixer's leg on another node. */
    public synchronized CommandResult connect(String callId, String mixerName, String host, int port) {
        CommandResult refused = joinable(callId);
        if (refused != null) return refused;
        RtpSession trunk;
        try {
            trunk = engine.openTrunk(mediaHost, new InetSocketAddress(host, port));
        } catch (IOException | RuntimeException e) {
            return CommandResult.refuse(StanzaError.SERVICE_UNAVAILABLE, "no RTP port towards the mixer: " + e.getMessage());
        }
        Mixer bridge = new Mixer(callId + ">" + mixerName, SpeechDetector.DEFAULT, (p, started) -> { });
        bridge.join(callId, calls.media(callId), Mixer.Direction.DUPLEX);
        bridge.join(mixerName, trunk, Mixer.Direction.DUPLEX);
        Runnable ticker = bridge::tick;
        engine.addTicker(ticker);
        members.put(callId, new Membership(mixerName, trunk, bridge, ticker));
        events.callEvent(callId, new JoinTarget(JoinTarget.Type.JOINED, null, mixerName));
        return CommandResult.OK;
    }

    /** {@code <mixer-leg call-uri direction>} to a mixer: a port for a call of another node, answered with where it is. */
    public synchronized CommandResult openLeg(String mixerName, String callUri, String direction) {
        Jid call = XmppUri.toJid(callUri);
        if (call == null || call.local() == null) return CommandResult.refuse(StanzaError.BAD_REQUEST, "<mixer-leg> needs the call-uri of the call it carries");
        Conference existing = mixers.get(mixerName);
        if (existing != null && existing.participants.containsKey(call.local())) {
            return CommandResult.refuse(StanzaError.CONFLICT, "call " + call.local() + " is already in mixer " + mixerName);
        }
        RtpSession leg;
        try {
            leg = engine.openTrunk(mediaHost, null);
        } catch (IOException | RuntimeException e) {
            return CommandResult.refuse(StanzaError.SERVICE_UNAVAILABLE, "no RTP port for the mixer's leg: " + e.getMessage());
        }
        Conference c = open(mixerName);
        c.mixer.join(call.local(), leg, Mixer.Direction.of(direction));
        c.participants.put(call.local(), new Participant(callUri, leg));
        events.mixerEvent(mixerName, new JoinTarget(JoinTarget.Type.JOINED, callUri, null));
        return CommandResult.answer(MixerLeg.at(mediaHost, leg.localPort()));
    }

    /** {@code <unjoin mixer-name>} of a call of this node. */
    public synchronized CommandResult unjoin(String callId, String mixerName) {
        Membership m = members.get(callId);
        if (m == null || !m.mixer.equals(mixerName)) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "call " + callId + " is not joined to mixer " + mixerName);
        leave(callId, m);
        return CommandResult.OK;
    }

    /** {@code <unjoin call-uri>} to a mixer: a leg's call left (or its node was lost). */
    public synchronized CommandResult removeLeg(String mixerName, String callUri) {
        Conference c = mixers.get(mixerName);
        Jid call = XmppUri.toJid(callUri);
        Participant p = c == null || call == null || call.local() == null ? null : c.participants.get(call.local());
        if (p == null || p.leg == null) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "mixer " + mixerName + " has no leg for " + callUri);
        c.mixer.leave(call.local());
        c.participants.remove(call.local());
        engine.closeTrunk(p.leg);
        events.mixerEvent(mixerName, new JoinTarget(JoinTarget.Type.UNJOINED, p.uri, null));
        closeIfEmpty(c);
        return CommandResult.OK;
    }

    /** A call of this node ended: it leaves its mixer (the unjoined events go before its end). */
    public synchronized void callEnded(String callId) {
        Membership m = members.get(callId);
        if (m != null) leave(callId, m);
    }

    /** An output or record addressed to the mixer. */
    public CommandResult verb(String mixerName, RayoElement verb) {
        Conference c = mixers.get(mixerName);
        if (c == null) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no mixer " + mixerName);
        if (verb instanceof Input || verb instanceof Prompt) {
            return CommandResult.refuse(StanzaError.FEATURE_NOT_IMPLEMENTED, "a mixer hears no keys: send <" + verb.toXml().name() + "> to a participant's call");
        }
        return c.verbs.start(verb);
    }

    public CommandResult componentCommand(String mixerName, String componentId, ComponentCommand command) {
        Conference c = mixers.get(mixerName);
        if (c == null) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no mixer " + mixerName);
        return c.verbs.command(componentId, command);
    }

    public int activeComponents() {
        int n = 0;
        for (Conference c : mixers.values()) n += c.verbs.active();
        return n;
    }

    public int size() { return mixers.size(); }

    private CommandResult joinable(String callId) {
        if (!calls.exists(callId)) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + callId);
        Membership m = members.get(callId);
        if (m != null) return CommandResult.refuse(StanzaError.CONFLICT, "call " + callId + " is already joined to mixer " + m.mixer + "; unjoin it first");
        if (calls.joinedToCall(callId)) return CommandResult.refuse(StanzaError.CONFLICT, "call " + callId + " is joined to another call; unjoin it first");
        if (calls.media(callId) == null) return CommandResult.refuse(StanzaError.UNEXPECTED_REQUEST, "call " + callId + " has no media yet: it joins a mixer once answered");
        return null;
    }

    private Conference open(String name) {
        Conference c = mixers.get(name);
        if (c != null) return c;
        c = new Conference(name);
        mixers.put(name, c);
        engine.addTicker(c.ticker);
        events.mixerPresence(name, true);
        return c;
    }

    private void leave(String callId, Membership m) {
        members.remove(callId);
        if (m.trunk != null) {
            engine.removeTicker(m.ticker);
            m.bridge.leave(callId);
            m.bridge.leave(m.mixer);
            engine.closeTrunk(m.trunk);
            events.callEvent(callId, new JoinTarget(JoinTarget.Type.UNJOINED, null, m.mixer));
            return;
        }
        Conference c = mixers.get(m.mixer);
        c.mixer.leave(callId);
        Participant p = c.participants.remove(callId);
        events.callEvent(callId, new JoinTarget(JoinTarget.Type.UNJOINED, null, m.mixer));
        events.mixerEvent(m.mixer, new JoinTarget(JoinTarget.Type.UNJOINED, p.uri, null));
        closeIfEmpty(c);
    }

    private void closeIfEmpty(Conference c) {
        if (!c.participants.isEmpty()) return;
        mixers.remove(c.name);
        engine.removeTicker(c.ticker);
        c.verbs.hangup();
        events.mixerPresence(c.name, false);
    }

    @Override public synchronized void close() {
        legCheck.cancel(false);
        for (String callId : List.copyOf(members.keySet())) callEnded(callId);
        for (Conference c : List.copyOf(mixers.values())) {
            for (String id : List.copyOf(c.participants.keySet())) removeLeg(c.name, c.participants.get(id).uri);
        }
    }
}
