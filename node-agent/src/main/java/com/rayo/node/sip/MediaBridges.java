package com.rayo.node.sip;

import java.util.function.Function;

import com.rayo.node.backend.CommandResult;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.MediaEngine;
import com.rayo.node.media.MediaListener;
import com.rayo.node.media.RtpSession;
import com.rayo.node.mixer.Mixer;
import com.rayo.node.mixer.SpeechDetector;
import com.rayo.protocol.StanzaError;

/**
 * Joins of two answered calls of this node, through the node: the two calls are the participants
 * of a mixer of their own (each hears the other, not itself), and keys pressed on one are sent on
 * to the other as RFC 4733 events, as a relay would pass them. The node stays in both media paths,
 * so verbs keep working on joined calls — an output on one call plays to that call only, mixed
 * with its partner's voice, and an input hears that call's keys. A join changes two calls at
 * once: one lock.
 */
final class MediaBridges {
    private final Object lock = new Object();
    private final Function<SipCall, RtpSession> rtpOf;
    private final MediaEngine engine;
    private final java.util.function.Predicate<String> inMixer;

    MediaBridges(Function<SipCall, RtpSession> rtpOf, MediaEngine engine, java.util.function.Predicate<String> inMixer) {
        this.rtpOf = rtpOf;
        this.engine = engine;
        this.inMixer = inMixer;
    }

    /** What a joined pair shares: their mixer, its tick on the media clock, and the two key relays. */
    record Join(Mixer mixer, Runnable ticker, MediaListener keysOfA, MediaListener keysOfB) {}

    CommandResult join(SipCall a, SipCall b) {
        synchronized (lock) {
            if (a.state != SipCall.State.ANSWERED || b.state != SipCall.State.ANSWERED) {
                return CommandResult.refuse(StanzaError.UNEXPECTED_REQUEST, "both calls must be answered to join");
            }
            if (a.joinedTo != null || b.joinedTo != null || inMixer.test(a.rayoId) || inMixer.test(b.rayoId)) {
                return CommandResult.refuse(StanzaError.CONFLICT, "a call takes part in one join at a time (another call or a mixer)");
            }
            RtpSession ra = rtpOf.apply(a), rb = rtpOf.apply(b);
            if (ra == null || rb == null) return CommandResult.refuse(StanzaError.SERVICE_UNAVAILABLE, "the node has no media for one of the calls");
            Mixer m = new Mixer(a.rayoId + "+" + b.rayoId, SpeechDetector.DEFAULT, (participant, started) -> { });
            m.join(a.rayoId, ra, Mixer.Direction.DUPLEX);
            m.join(b.rayoId, rb, Mixer.Direction.DUPLEX);
            Join j = new Join(m, m::tick, keysTo(rb), keysTo(ra));
            ra.addListener(j.keysOfA());
            rb.addListener(j.keysOfB());
            engine.addTicker(j.ticker());
            a.join = j;
            b.join = j;
            a.joinedTo = b;
            b.joinedTo = a;
            return CommandResult.OK;
        }
    }

    private static MediaListener keysTo(CallMedia other) {
        return new MediaListener() {
            @Override public void digit(char key) { other.sendDigits(String.valueOf(key)); }
        };
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
        Join j = a.join;
        engine.removeTicker(j.ticker());
        j.mixer().leave(a.rayoId);
        j.mixer().leave(b.rayoId);
        RtpSession ra = rtpOf.apply(a), rb = rtpOf.apply(b);
        if (ra != null) ra.removeListener(j.keysOfA());
        if (rb != null) rb.removeListener(j.keysOfB());
        a.joinedTo = null;
        b.joinedTo = null;
        a.join = null;
        b.join = null;
    }
}
