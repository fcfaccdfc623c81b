package com.rayo.node.backend;

import java.util.List;

import com.rayo.protocol.rayo.Header;
import com.rayo.protocol.rayo.Reject;

/**
 * Where calls really happen: the simulator now, SIP later. Commands return at once;
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

    int activeCalls();

    int capacity();

    @Override void close();
}
