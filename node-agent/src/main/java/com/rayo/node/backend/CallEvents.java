package com.rayo.node.backend;

import java.util.List;

import com.rayo.node.conference.ConferenceEvents;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Header;

/** What a backend reports about its calls, their verbs and its mixers; the node agent turns each into Rayo presence. */
public interface CallEvents extends ConferenceEvents {
    void offered(String callId, String to, String from, List<Header> headers);

    void ringing(String callId);

    void answered(String callId);

    void joined(String callId, String otherCallId);

    void unjoined(String callId, String otherCallId);

    void ended(String callId, End.Reason reason, String text);
}
