package com.rayo.node.sip;

import java.io.IOException;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.node.backend.CommandResult;
import com.rayo.protocol.StanzaError;

/**
 * Joins of two answered calls of this node through the relay: each call's node side is pointed
 * at the relay port of the other call's node side, so RTP goes peer → relay → relay → peer and
 * never through the node or between the peers directly. A join changes two calls at once: one lock.
 */
final class MediaBridges {
    private static final Logger log = LoggerFactory.getLogger(MediaBridges.class);

    private final Object lock = new Object();
    private final MediaAnchor media;
    private final String host;
    /** Told when a call's node side is the node's again (its relay port may have moved). */
    private final java.util.function.Consumer<SipCall> nodeSideBack;

    MediaBridges(MediaAnchor media, String host, java.util.function.Consumer<SipCall> nodeSideBack) {
        this.media = media;
        this.host = host;
        this.nodeSideBack = nodeSideBack;
    }

    CommandResult join(SipCall a, SipCall b) {
        synchronized (lock) {
            if (a.state != SipCall.State.ANSWERED || b.state != SipCall.State.ANSWERED) {
                return CommandResult.refuse(StanzaError.UNEXPECTED_REQUEST, "both calls must be answered to join");
            }
            if (a.joinedTo != null || b.joinedTo != null) return CommandResult.refuse(StanzaError.CONFLICT, "a call can be joined to one other call at a time");
            try {
                pointNodeSide(a, b.nodeFacingSdp);
                pointNodeSide(b, a.nodeFacingSdp);
            } catch (IOException e) {
                return CommandResult.refuse(StanzaError.SERVICE_UNAVAILABLE, "media relay: " + e.getMessage());
            }
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

    /** An ending call lets go of its partner, whose media comes back to the node: the partner, or null. */
    SipCall release(SipCall call) {
        synchronized (lock) {
            SipCall partner = call.joinedTo;
            if (partner != null) separate(call, partner);
            return partner;
        }
    }

    /** Points both calls' node sides back at the node's own ports. */
    private void separate(SipCall a, SipCall b) {
        a.joinedTo = null;
        b.joinedTo = null;
        for (SipCall c : List.of(a, b)) {
            if (c.state == SipCall.State.ENDED) continue;
            try {
                String relaySide = pointNodeSide(c, Sdp.audio(host, c.mediaPort()));
                if (relaySide != null) c.nodeFacingSdp = relaySide;
                nodeSideBack.accept(c);
            } catch (IOException e) {
                log.warn("event=unjoin-media-failed call={} reason=\"{}\"", c.rayoId, e.getMessage());
            }
        }
    }

    /**
     * Re-negotiates where the relay sends a call's node-side media: a re-answer (inbound) or re-offer + answer
     * (outbound). The relay's SDP for the node side when it may have changed (outbound), else null.
     */
    private String pointNodeSide(SipCall call, String sdp) throws IOException {
        if (call.direction == SipCall.Direction.INBOUND) {
            media.answer(call.sipCallId, call.remoteTag, call.localTag, sdp);
            return null;
        }
        media.offer(call.sipCallId, call.localTag, sdp);
        return media.answer(call.sipCallId, call.localTag, call.remoteTag, call.peerSdp);
    }
}
