package com.rayo.node.backend;

import java.util.List;

import com.rayo.node.conference.Conferences;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.Header;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.Reject;

/**
 * Where calls really happen: SIP, or the simulator. Commands return at once;
 * events arrive through {@link CallEvents}, never from inside the command call itself,
 * so the node can answer the command before the first event goes out.
 */
public interface CallBackend extends AutoCloseable {
    /** A short name for logs and presence ("simulated", "sip"). */
    String name();

    void start(CallEvents events);

    CommandResult dial(String callId, String to, String from, List<Header> headers);

    CommandResult accept(String callId, List<Header> headers);

    CommandResult answer(String callId, List<Header> headers);

    CommandResult reject(String callId, Reject.Reason reason, List<Header> headers);

    CommandResult redirect(String callId, String to, List<Header> headers);

    CommandResult hangup(String callId, List<Header> headers);

    CommandResult join(String callId, String otherCallId);

    CommandResult unjoin(String callId, String otherCallId);

    /** Starts a verb (output, input, prompt, record) on a call: done with the component's id, or refused. */
    default CommandResult verb(String callId, RayoElement verb) {
        return CommandResult.refuse(StanzaError.FEATURE_NOT_IMPLEMENTED, "<" + verb.toXml().name() + "> needs a media engine; the " + name() + " backend has none");
    }

    /** A command to a running component (stop, pause, seek…). */
    default CommandResult componentCommand(String callId, String componentId, ComponentCommand command) {
        return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no component " + componentId + " on call " + callId);
    }

    /** A media command to the call itself: {@code <dtmf tones>}, mute, unmute, hold, unhold. */
    default CommandResult callMedia(String callId, RayoElement command) {
        return CommandResult.refuse(StanzaError.FEATURE_NOT_IMPLEMENTED, "<" + command.toXml().name() + "> needs a media engine; the " + name() + " backend has none");
    }

    /** What the backend counts for the node's metrics. */
    NodeCounters counters();

    /** Media clock ticks that started late (the node is short of CPU for media); 0 without a media engine. */
    default long lateMediaTicks() { return 0; }

    /** The node's mixers; null when the backend has no media engine (then mixers are refused). */
    default Conferences conferences() { return null; }

    /** While draining: new inbound calls are turned away (a SIP caller gets 503, so it can try elsewhere). */
    void refuseNewCalls(boolean refuse);

    /** Ends every call now (a drain that ran out of time, a stop): each owner hears {@code <end><error>text</error></end>}. */
    void endAll(String text);

    /** Waits (at most {@code max}) until the events reported so far have been handed to the node agent: before it leaves. */
    void flushEvents(java.time.Duration max) throws InterruptedException;

    /** Components running on this backend's calls (verbs count towards the node's load). */
    default int activeComponents() { return 0; }

    int activeCalls();

    int capacity();

    @Override void close();
}
