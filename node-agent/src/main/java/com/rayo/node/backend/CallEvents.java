package com.rayo.node.backend;

import java.util.List;

import com.rayo.node.verbs.VerbEvents;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Header;

/** What a backend reports about its calls and their verbs; the node agent turns each into Rayo presence. */
public interface CallEvents extends VerbEvents {
    void offered(String callId, String to, String from, List<Header> headers);

    void ringing(String callId);

    void answered(String callId);

    void joined(String callId, String otherCallId);

    void unjoined(String callId, String otherCallId);

    void ended(String callId, End.Reason reason, String text);
}
