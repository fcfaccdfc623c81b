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
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Header;
import com.rayo.protocol.rayo.Reject;

/**
 * A SIMULATED call backend: no SIP, no media. Outbound calls ring after {@code ringDelay}
 * and are answered after {@code answerDelay}, unless the called user names an outcome:
 * {@code busy}, {@code reject}, {@code noanswer} (ends with timeout), {@code error}.
 * Inbound calls are made on demand with {@link #inbound}.
 */
public final class SimulatedCallBackend implements CallBackend {
    enum State { OFFERED, ACCEPTED, RINGING, ANSWERED }

    private final Duration ringDelay;
    private final Duration answerDelay;
    private final Duration noAnswerTimeout;
    private final int capacity;
    private final Map<String, State> calls = new ConcurrentHashMap<>();
    private final Map<String, String> joins = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    private volatile CallEvents events;

    public SimulatedCallBackend(Duration ringDelay, Duration answerDelay, Duration noAnswerTimeout, int capacity) {
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

    @Override public void start(CallEvents events) { this.events = events; }

    @Override public CommandResult dial(String callId, String to, String from, List<Header> headers) {
        if (calls.size() >= capacity) return CommandResult.refuse(StanzaError.RESOURCE_CONSTRAINT, "node at capacity (" + capacity + " calls)");
        calls.put(callId, State.RINGING);
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
                        if (calls.replace(callId, State.RINGING, State.ANSWERED)) events.answered(callId);
                    });
                }
            }
        });
        return CommandResult.OK;
    }

    /** Makes an inbound call arrive: the node offers it to the gateway. Returns the call id. */
    public String inbound(String to, String from, List<Header> headers) {
        String callId = UUID.randomUUID().toString();
        calls.put(callId, State.OFFERED);
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
        return CommandResult.OK;
    }

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

    @Override public void close() { scheduler.shutdownNow(); }

    private void end(String callId, End.Reason reason, String text) {
        if (calls.remove(callId) == null) return;
        String other = joins.remove(callId);
        if (other != null) {
            joins.remove(other);
            events.unjoined(other, callId);
        }
        events.ended(callId, reason, text);
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
