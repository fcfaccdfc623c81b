package com.rayo.gateway.registry;

import com.rayo.protocol.Jid;

/**
 * What the gateway knows of a call: where it runs, who owns it.
 *
 * @param owner the full JID of the resource that controls the call (for a call still on
 *              offer: the resource it is offered to, or the first of them)
 */
public record CallRecord(String callId, String nodeDomain, Jid application, Jid owner, Direction direction, long createdMillis) {
    public enum Direction { OUTBOUND, INBOUND }

    public CallRecord withOwner(Jid newOwner) {
        return new CallRecord(callId, nodeDomain, application, newOwner, direction, createdMillis);
    }
}
