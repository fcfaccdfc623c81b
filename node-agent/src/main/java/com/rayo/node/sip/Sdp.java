package com.rayo.node.sip;

/**
 * The node's own side of a call's media, as SDP: PCMU, PCMA and telephone-events on a UDP
 * port the node holds. The balancer rewrites it (and the peer's) so RTP flows through a relay.
 */
final class Sdp {
    private Sdp() {}

    static String audio(String host, int port) {
        long sessionId = System.currentTimeMillis() / 1000;
        return "v=0\r\n"
                + "o=rayo " + sessionId + " " + sessionId + " IN IP4 " + host + "\r\n"
                + "s=rayo\r\n"
                + "c=IN IP4 " + host + "\r\n"
                + "t=0 0\r\n"
                + "m=audio " + port + " RTP/AVP 0 8 101\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "a=rtpmap:8 PCMA/8000\r\n"
                + "a=rtpmap:101 telephone-event/8000\r\n"
                + "a=fmtp:101 0-16\r\n"
                + "a=sendrecv\r\n";
    }
}
