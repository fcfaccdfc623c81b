package com.rayo.node.sip;

import java.util.function.Function;

import com.rayo.node.backend.CommandResult;
import com.rayo.node.media.Bridge;
import com.rayo.node.media.RtpSession;
import com.rayo.protocol.StanzaError;

/**
 * Joins of two answered calls of this node, through the node: what each call's phone sends is
 * played into the other call (a {@link Bridge} each way), so the node stays in both media paths
 * and verbs keep working on joined calls — an output on one call plays to that call only, mixed
 * with its partner's voice, and an input hears that call's keys. A join changes two calls at
 * once: one lock.
 */
final class MediaBridges {
    private final Object lock = new Object();
    private final Function<SipCall, RtpSession> rtpOf;

    MediaBridges(Function<SipCall, RtpSession> rtpOf) { this.rtpOf = rtpOf; }

    CommandResult join(SipCall a, SipCall b) {
        synchronized (lock) {
            if (a.state != SipCall.State.ANSWERED || b.state != SipCall.State.ANSWERED) {
                return CommandResult.refuse(StanzaError.UNEXPECTED_REQUEST, "both calls must be answered to join");
            }
            if (a.joinedTo != null || b.joinedTo != null) return CommandResult.refuse(StanzaError.CONFLICT, "a call can be joined to one other call at a time");
            RtpSession ra = rtpOf.apply(a), rb = rtpOf.apply(b);
            if (ra == null || rb == null) return CommandResult.refuse(StanzaError.SERVICE_UNAVAILABLE, "the node has no media for one of the calls");
            a.bridgeOut = new Bridge(rb);
            b.bridgeOut = new Bridge(ra);
            ra.addListener(a.bridgeOut);
            rb.addSource(a.bridgeOut);
            rb.addListener(b.bridgeOut);
            ra.addSource(b.bridgeOut);
            a.joinedTo = b;
            b.joinedTo = a;
            return CommandResult.OK;
        }
    }

    /** Separates {@code a} from its partner if that is {@code otherId}: the partner, or null when not joined to it. */
    SipCall unjoin(SipCall a, String otherId) {
        synchronized (lock) {
            SipCall b = a.joinedTo;
            if (b == null || !b.rayoId.equals(otherId)) return null;
            separate(a, b);
            return b;
        }
    }

    /** An ending call lets go of its partner: the partner, or null. */
    SipCall release(SipCall call) {
        synchronized (lock) {
            SipCall partner = call.joinedTo;
            if (partner != null) separate(call, partner);
            return partner;
        }
    }

    private void separate(SipCall a, SipCall b) {
        RtpSession ra = rtpOf.apply(a), rb = rtpOf.apply(b);
        for (RtpSession r : new RtpSession[] {ra, rb}) {
            if (r == null) continue;
            r.removeListener(a.bridgeOut);
            r.removeSource(a.bridgeOut);
            r.removeListener(b.bridgeOut);
            r.removeSource(b.bridgeOut);
        }
        a.joinedTo = null;
        b.joinedTo = null;
        a.bridgeOut = null;
        b.bridgeOut = null;
    }
}
