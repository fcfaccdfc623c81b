package com.rayo.node.sip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.sip.message.Request;

import com.rayo.node.backend.CommandResult;
import com.rayo.node.media.MediaEngine;
import com.rayo.node.media.RtpSession;
import com.rayo.node.verbs.CallVerbs;
import com.rayo.node.verbs.VerbContext;
import com.rayo.node.verbs.VerbEvents;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.ComponentCommand;
import com.rayo.protocol.rayo.Dtmf;
import com.rayo.protocol.rayo.MediaControl;
import com.rayo.protocol.rayo.RayoElement;

/**
 * The media side of SIP calls: once a call is answered its node-side RTP runs in the media
 * engine and its verbs on that RTP (joins bridge two calls' RTP here too); mute and hold are
 * relay commands (the relay holds both legs); SIP INFO digits join the RFC 4733 ones.
 */
final class SipMedia implements AutoCloseable {
    private final MediaEngine engine;
    private final VerbContext verbs;
    private final MediaAnchor anchor;
    private final VerbEvents events;
    private final Map<SipCall, Attached> attached = new ConcurrentHashMap<>();

    private record Attached(RtpSession rtp, CallVerbs verbs) {}

    SipMedia(MediaEngine engine, VerbContext verbs, MediaAnchor anchor, VerbEvents events) {
        this.engine = engine;
        this.verbs = verbs;
        this.anchor = anchor;
        this.events = events;
    }

    /** The call is answered: its node side sends and hears RTP from now on. */
    void attach(SipCall call) throws IOException {
        RtpSession rtp = engine.open(call.media, call.nodeFacingSdp);
        attached.put(call, new Attached(rtp, new CallVerbs(call.rayoId, rtp, verbs, events)));
    }

    MediaEngine engine() { return engine; }

    /** The call's RTP session, or null before it is answered. */
    RtpSession rtpOf(SipCall call) {
        Attached a = attached.get(call);
        return a == null ? null : a.rtp;
    }

    /** The call ended: its components complete with hangup, its RTP stops. */
    void detach(SipCall call) {
        Attached a = attached.remove(call);
        if (a == null) return;
        a.verbs.hangup();
        engine.close(a.rtp);
    }

    CommandResult verb(SipCall call, RayoElement verb) {
        Attached a = attached.get(call);
        if (a == null) return notAnswered(call);
        return a.verbs.start(verb);
    }

    CommandResult componentCommand(SipCall call, String componentId, ComponentCommand c) {
        Attached a = attached.get(call);
        if (a == null) return CommandResult.refuse(StanzaError.ITEM_NOT_FOUND, "no component " + componentId + " on call " + call.rayoId);
        return a.verbs.command(componentId, c);
    }

    CommandResult callMedia(SipCall call, RayoElement command) {
        Attached a = attached.get(call);
        if (a == null) return notAnswered(call);
        try {
            if (command instanceof Dtmf d) {
                a.rtp.sendDigits(d.tones());
            } else if (command instanceof MediaControl m) {
                switch (m.type()) {
                    // What the far end hears is what the relay sends it from the node's side: silence that.
                    case MUTE -> anchor.partyCommand("silence media", call.sipCallId, nodeSideTag(call));
                    case UNMUTE -> anchor.partyCommand("unsilence media", call.sipCallId, nodeSideTag(call));
                    // Hold: nothing flows either way.
                    case HOLD, UNHOLD -> {
                        String verb = m.type() == MediaControl.Type.HOLD ? "block media" : "unblock media";
                        anchor.partyCommand(verb, call.sipCallId, call.remoteTag);
                        anchor.partyCommand(verb, call.sipCallId, nodeSideTag(call));
                    }
                }
            } else {
                return CommandResult.refuse(StanzaError.BAD_REQUEST, "<" + command.toXml().name() + "> is not a media command");
            }
        } catch (IOException e) {
            return CommandResult.refuse(StanzaError.SERVICE_UNAVAILABLE, "media relay: " + e.getMessage());
        }
        return CommandResult.OK;
    }

    /** The node's own tag in the relay's session (the peer's is the remote tag). */
    private static String nodeSideTag(SipCall call) { return call.localTag; }

    /**
     * A SIP INFO of an answered call: {@code application/dtmf-relay} ({@code Signal=5}) or
     * {@code application/dtmf} digits become key presses; the SIP status to answer with.
     */
    int info(SipCall call, Request info) {
        Attached a = attached.get(call);
        javax.sip.header.ContentTypeHeader ct = (javax.sip.header.ContentTypeHeader) info.getHeader(javax.sip.header.ContentTypeHeader.NAME);
        String type = ct == null ? "" : (ct.getContentType() + "/" + ct.getContentSubType()).toLowerCase(java.util.Locale.ROOT);
        String body = info.getRawContent() == null ? "" : new String(info.getRawContent(), StandardCharsets.ISO_8859_1);
        List<Character> keys = DtmfInfo.keys(type, body);
        if (keys == null) return 415;
        if (a == null) return 200; // not answered yet: nothing listens
        for (char k : keys) a.rtp.digit(k);
        return 200;
    }

    int activeComponents() {
        int n = 0;
        for (Attached a : attached.values()) n += a.verbs.active();
        return n;
    }

    private Attached attachedOrNull(SipCall call) { return attached.get(call); }

    private static CommandResult notAnswered(SipCall call) {
        return CommandResult.refuse(StanzaError.UNEXPECTED_REQUEST, "call " + call.rayoId + " has no media yet: verbs run once it is answered");
    }

    @Override public void close() {
        for (SipCall c : List.copyOf(attached.keySet())) detach(c);
        engine.close();
    }
}
