package com.rayo.node.sip;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.rayo.rtp.protocol.NgClient;

/**
 * Media anchoring through the RTP cluster balancer's NG socket: each call's offer and answer
 * SDP are rewritten so both ends send RTP to a relay, never to each other; the relay session
 * is deleted when the call ends. The balancer pins the call-id to one relay.
 */
final class MediaAnchor implements AutoCloseable {
    private final NgClient ng;

    MediaAnchor(NgClient ng) { this.ng = ng; }

    /** The offer as the answering side must see it (the relay's address and port). */
    String offer(String callId, String fromTag, String sdp) throws IOException {
        return sdpOf(ng.request(request("offer", callId, fromTag, null, sdp)), "offer");
    }

    /** The answer as the offering side must see it. */
    String answer(String callId, String fromTag, String toTag, String sdp) throws IOException {
        return sdpOf(ng.request(request("answer", callId, fromTag, toTag, sdp)), "answer");
    }

    void delete(String callId, String fromTag) throws IOException {
        Map<String, Object> r = ng.request(request("delete", callId, fromTag, null, null));
        if (!"ok".equals(r.get("result"))) throw new IOException("relay refused delete: " + r.get("error-reason"));
    }

    /** A media command about one party of the call ({@code silence media}, {@code block media}…); IOException when refused. */
    void partyCommand(String command, String callId, String fromTag) throws IOException {
        Map<String, Object> r = ng.request(request(command, callId, fromTag, null, null));
        if (!"ok".equals(r.get("result"))) throw new IOException("relay refused " + command + ": " + r.getOrDefault("error-reason", r.get("result")));
    }

    /** The relay's view of the call (streams, packet counters), as rtpengine's {@code query} gives it. */
    Map<String, Object> query(String callId) throws IOException {
        return ng.request(request("query", callId, null, null, null));
    }

    private static Map<String, Object> request(String command, String callId, String fromTag, String toTag, String sdp) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", command);
        m.put("call-id", callId);
        if (fromTag != null) m.put("from-tag", fromTag);
        if (toTag != null) m.put("to-tag", toTag);
        if (sdp != null) m.put("sdp", sdp);
        return m;
    }

    private static String sdpOf(Map<String, Object> reply, String command) throws IOException {
        if (!"ok".equals(reply.get("result")) || !(reply.get("sdp") instanceof String sdp)) {
            throw new IOException("relay refused " + command + ": " + reply.getOrDefault("error-reason", reply.get("result")));
        }
        return sdp;
    }

    @Override public void close() { ng.close(); }
}
