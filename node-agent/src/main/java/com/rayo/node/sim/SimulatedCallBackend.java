package com.rayo.node.sim;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.rayo.node.backend.CallBackend;
import com.rayo.node.backend.CallEvents;
import com.rayo.node.backend.CommandResult;
import com.rayo.node.verbs.VerbRuntime;
import com.rayo.node.conference.ConferenceCalls;
import com.rayo.node.conference.ConferenceEvents;
import com.rayo.node.conference.Conferences;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaEngine;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.Dtmf;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Header;
import com.rayo.protocol.rayo.Reject;

/**
 * A SIMULATED call backend: no SIP, no network media. Outbound calls ring after {@code ringDelay}
 * and are answered after {@code answerDelay}, unless the called user names an outcome:
 * {@code busy}, {@code reject}, {@code noanswer} (ends with timeout), {@code error}.
 * Inbound calls are made on demand with {@link #inbound}. Answered calls run the same verbs as
 * SIP calls on a simulated media clock ({@link SimulatedMedia}), when given a verb context.
 */
public final class SimulatedCallBackend implements CallBackend {
    enum State { OFFERED, ACCEPTED, RINGING, ANSWERED }

    private final Duration ringDelay;
    private final Duration answerDelay;
    private final Duration noAnswerTimeout;
    private final int capacity;
    private final Map<String, State> calls = new ConcurrentHashMap<>();
    private final Map<String, String> joins = new ConcurrentHashMap<>();
    private volatile boolean refusing;
    private final com.rayo.node.backend.NodeCounters counters = new com.rayo.node.backend.NodeCounters();
    private final ScheduledExecutorService scheduler;
    private volatile CallEvents events;
    private final VerbRuntime verbs;
    private SimulatedMedia media;
    /** Mixers of simulated calls: real mixing (of silence) and real trunks to mixers on other nodes, on loopback. */
    private MediaEngine mixerEngine;
    private Conferences conferences;
    private static final String MIXER_HOST = "127.0.0.1";

    public SimulatedCallBackend(Duration ringDelay, Duration answerDelay, Duration noAnswerTimeout, int capacity) {
        this(ringDelay, answerDelay, noAnswerTimeout, capacity, null);
    }

    /** With {@code verbs} (closed with the backend), answered calls take output, input, prompt and record; without, those are refused. */
    public SimulatedCallBackend(Duration ringDelay, Duration answerDelay, Duration noAnswerTimeout, int capacity, VerbRuntime verbs) {
        this.verbs = verbs;
        this.ringDelay = ringDelay;
        this.answerDelay = answerDelay;
        this.noAnswerTimeout = noAnswerTimeout;
        this.capacity = capacity;
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sim-calls");
            t.setDaemon(true);
            return t;
        });
        s.setRemoveOnCancelPolicy(true);
        this.scheduler = s;
    }

    @Override public String name() { return "simulated"; }

    @Override public void start(CallEvents events) {
        this.events = events;
        if (verbs != null) {
            // Component and mixer events go out on the call thread, in order with the call's own.
            ConferenceEvents ordered = ConferenceEvents.queued(events, r -> later(Duration.ZERO, r));
            media = new SimulatedMedia(verbs.context(), ordered);
            mixerEngine = new MediaEngine("sim");
            conferences = new Conferences(new ConferenceCalls() {
                @Override public boolean exists(String callId) { return calls.containsKey(callId); }
                @Override public CallMedia media(String callId) { return media.line(callId); }
                @Override public boolean joinedToCall(String callId) { return joins.containsKey(callId); }
            }, mixerEngine, MIXER_HOST, verbs.context(), ordered);
        }
    }

    @Override public Conferences conferences() { return conferences; }

    @Override public com.rayo.node.backend.NodeCounters counters() { return counters; }

    @Override public long lateMediaTicks() { return mixerEngine == null ? 0 : mixerEngine.lateTicks(); }

    @Override public CommandResult dial(String callId, String to, String from, List<Header> headers) {
        if (calls.size() >= capacity) return CommandResult.refuse(StanzaError.RESOURCE_CONSTRAINT, "node at capacity (" + capacity + " calls)");
        calls.put(callId, State.RINGING);
        counters.callStarted("outbound");
        String outcome = userOf(to);
        later(ringDelay, () -> {
            if (calls.get(callId) != State.RINGING) return;
            switch (outcome) {
                case "busy" -> end(callId, End.Reason.BUSY, null);
                case "reject" -> end(callId, End.Reason.REJECTED, null);
                case "error" -> end(callId, End.Reason.ERROR, "simulated failure");
                default -> {
                    events.ringing(callId);
                    if (outcome.equals("noanswer")) later(noAnswerTimeout, () -> { if (calls.get(callId) == State.RINGING) end(callId, End.Reason.TIMEOUT, null); });
                    else later(answerDelay, () -> {
                        if (calls.replace(callId, State.RINGING, State.ANSWERED)) {
                            attachMedia(callId);
                            events.answered(callId);
                        }
                    });
                }
            }
        });
        return CommandResult.OK;
    }

    @Override public void refuseNewCalls(boolean refuse) { refusing = refuse; }

    @Override public void flushEvents(Duration max) throws InterruptedException {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        later(Duration.ZERO, done::countDown); // the call thread runs events in order
        done.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override public void endAll(String text) {
        for (String callId : List.copyOf(calls.keySet())) end(callId, End.Reason.ERROR, text);
    }

    /** Makes an inbound call arrive: the node offers it to the gateway. Returns the call id, or null while draining. */
    public String inbound(String to, String from, List<Header> headers) {
        if (refusing) return null;
        String callId = UUID.randomUUID().toString();
        calls.put(callId, State.OFFERED);
        counters.callStarted("inbound");
        later(Duration.ZERO, () -> events.offered(callId, to, from, headers));
        return callId;
    }

    /** The far party hangs up. */
    public boolean remoteHangup(String callId) {
        if (!calls.containsKey(callId)) return false;
        later(Duration.ZERO, () -> end(callId, End.Reason.HUNGUP, null));
        return true;
    }

    @Override public CommandResult accept(String callId, List<Header> headers) {
        return calls.replace(callId, State.OFFERED, State.ACCEPTED) || calls.get(callId) == State.ACCEPTED
                ? CommandResult.OK : notIn(callId, "offered");
    }

    @Override public CommandResult answer(String callId, List<Header> headers) {
        State s = calls.get(callId);
        if (s == State.ANSWERED) return CommandResult.OK;
        if (s != State.OFFERED && s != State.ACCEPTED) return notIn(callId, "offered or accepted");
        calls.put(callId, State.ANSWERED);
        attachMedia(callId);
        return CommandResult.OK;
    }

    private void attachMedia(String callId) {
        if (media != null) media.attach(callId);
    }

    @Override public CommandResult verb(String callId, RayoElement verb) {
        if (media == null) return CallBackend.super.verb(callId, verb);
        if (!calls.containsKey(callId)) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + callId);
        return media.verb(callId, verb);
    }

    @Override public CommandResult componentCommand(String callId, String componentId, ComponentCommand command) {
        return media == null ? CallBackend.super.componentCommand(callId, componentId, command) : media.command(callId, componentId, command);
    }

    @Override public CommandResult callMedia(String callId, RayoElement command) {
        if (media == null) return CallBackend.super.callMedia(callId, command);
        if (!calls.containsKey(callId)) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + callId);
        if (!media.hasMedia(callId)) return SimulatedMedia.noMedia(callId);
        if (command instanceof Dtmf d) media.sendDigits(callId, d.tones());
        return CommandResult.OK; // mute and hold: nothing is heard on a simulated line either way
    }

    /** The simulated far end presses keys on an answered call; false when it has no media. */
    public boolean press(String callId, String keys) { return media != null && media.press(callId, keys); }

    /** The keys the application sent to this call's far end ({@code <dtmf tones>}). */
    public String keysSentTo(String callId) { return media == null ? null : media.sentKeys(callId); }

    @Override public int activeComponents() { return media == null ? 0 : media.activeComponents() + conferences.activeComponents(); }

    @Override public CommandResult reject(String callId, Reject.Reason reason, List<Header> headers) {
        State s = calls.get(callId);
        if (s != State.OFFERED && s != State.ACCEPTED) return notIn(callId, "offered or accepted");
        later(Duration.ZERO, () -> end(callId, End.Reason.HANGUP_COMMAND, null));
        return CommandResult.OK;
    }

    @Override public CommandResult redirect(String callId, String to, List<Header> headers) {
        return reject(callId, Reject.Reason.DECLINE, headers);
    }

    @Override public CommandResult hangup(String callId, List<Header> headers) {
        if (!calls.containsKey(callId)) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + callId);
        later(Duration.ZERO, () -> end(callId, End.Reason.HANGUP_COMMAND, null));
        return CommandResult.OK;
    }

    @Override public CommandResult join(String callId, String otherCallId) {
        if (calls.get(callId) != State.ANSWERED || calls.get(otherCallId) != State.ANSWERED) {
            return CommandResult.refuse(StanzaError.UNEXPECTED_REQUEST, "both calls must be answered and on this node to join");
        }
        if (joins.containsKey(callId) || joins.containsKey(otherCallId) || conferences != null && (conferences.inMixer(callId) || conferences.inMixer(otherCallId))) {
            return CommandResult.refuse(StanzaError.CONFLICT, "a call takes part in one join at a time (another call or a mixer)");
        }
        joins.put(callId, otherCallId);
        joins.put(otherCallId, callId);
        later(Duration.ZERO, () -> {
            events.joined(callId, otherCallId);
            events.joined(otherCallId, callId);
        });
        return CommandResult.OK;
    }

    @Override public CommandResult unjoin(String callId, String otherCallId) {
        if (!otherCallId.equals(joins.get(callId))) return CommandResult.refuse(StanzaError.UNEXPECTED_REQUEST, "call " + callId + " is not joined to " + otherCallId);
        joins.remove(callId);
        joins.remove(otherCallId);
        later(Duration.ZERO, () -> {
            events.unjoined(callId, otherCallId);
            events.unjoined(otherCallId, callId);
        });
        return CommandResult.OK;
    }

    @Override public int activeCalls() { return calls.size(); }

    public boolean isActive(String callId) { return calls.containsKey(callId); }
    @Override public int capacity() { return capacity; }

    @Override public void close() {
        if (conferences != null) conferences.close();
        if (mixerEngine != null) mixerEngine.close();
        if (media != null) media.close();
        if (verbs != null) verbs.close();
        scheduler.shutdownNow();
    }

    private void end(String callId, End.Reason reason, String text) {
        if (calls.remove(callId) == null) return;
        if (conferences != null) conferences.callEnded(callId);
        if (media != null) media.detach(callId);
        String other = joins.remove(callId);
        // Queued behind the components' completions (hangup), as a SIP call's are.
        later(Duration.ZERO, () -> {
            if (other != null) {
                joins.remove(other);
                events.unjoined(other, callId);
            }
            events.ended(callId, reason, text);
        });
    }

    private CommandResult notIn(String callId, String states) {
        return calls.containsKey(callId) ? CommandResult.refuse(StanzaError.UNEXPECTED_REQUEST, "call " + callId + " is not " + states)
                : CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no call " + callId);
    }

    private void later(Duration d, Runnable r) {
        scheduler.schedule(r, d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String userOf(String uri) {
        String u = uri.toLowerCase(Locale.ROOT);
        int colon = u.indexOf(':');
        int at = u.indexOf('@');
        return at > colon ? u.substring(colon + 1, at) : u.substring(colon + 1);
    }
}
