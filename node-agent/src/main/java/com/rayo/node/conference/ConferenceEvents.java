package com.rayo.node.conference;

import com.rayo.node.verbs.VerbEvents;
import com.rayo.protocol.rayo.RayoElement;

/**
 * What the node's mixers report. A mixer's verbs report through {@link VerbEvents} under the
 * mixer's name, as a call's do under its id.
 */
public interface ConferenceEvents extends VerbEvents {
    /** From a call: {@code joined}/{@code unjoined} with {@code mixer-name}. */
    void callEvent(String callId, RayoElement event);

    /** From the mixer's JID: {@code joined}/{@code unjoined} and speaking events with {@code call-uri}. */
    void mixerEvent(String mixer, RayoElement event);

    /** The mixer exists (first participant) or is gone (last one left). */
    void mixerPresence(String mixer, boolean available);

    /** The URI the node's events give one of its calls ({@code xmpp:CALLID@node}). */
    String callUri(String callId);

    /**
     * The same events, each handed to {@code queue} (a backend's event thread) instead of sent from
     * the thread that noticed it: in order with the calls' own events, and never on the media clock.
     */
    static ConferenceEvents queued(ConferenceEvents to, java.util.function.Consumer<Runnable> queue) {
        return new ConferenceEvents() {
            @Override public void componentEvent(String callId, String componentId, RayoElement event) { queue.accept(() -> to.componentEvent(callId, componentId, event)); }
            @Override public void dtmf(String callId, char key) { queue.accept(() -> to.dtmf(callId, key)); }
            @Override public void callEvent(String callId, RayoElement event) { queue.accept(() -> to.callEvent(callId, event)); }
            @Override public void mixerEvent(String mixer, RayoElement event) { queue.accept(() -> to.mixerEvent(mixer, event)); }
            @Override public void mixerPresence(String mixer, boolean available) { queue.accept(() -> to.mixerPresence(mixer, available)); }
            @Override public String callUri(String callId) { return to.callUri(callId); }
        };
    }
}
