package com.rayo.node.media;

import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how to send a call's RTP, read from the SDP the relay gave the node: the address
 * and port, the G.711 payload type the far side listed first, and the telephone-event type.
 */
public record SdpMedia(InetSocketAddress remote, int audioType, int eventType) {
    private static final Pattern CONNECTION = Pattern.compile("(?m)^c=IN IP[46] (\\S+)");
    private static final Pattern AUDIO = Pattern.compile("(?m)^m=audio (\\d+) \\S+((?: \\d+)*)");
    private static final Pattern EVENTS = Pattern.compile("(?mi)^a=rtpmap:(\\d+) telephone-event/8000");

    public static SdpMedia parse(String sdp) {
        Matcher c = CONNECTION.matcher(sdp);
        Matcher m = AUDIO.matcher(sdp);
        if (!c.find() || !m.find()) throw new IllegalArgumentException("no audio connection in the SDP");
        int audio = -1;
        for (String pt : m.group(2).trim().split(" ")) {
            if (pt.equals("0") || pt.equals("8")) {
                audio = Integer.parseInt(pt);
                break;
            }
        }
        if (audio < 0) throw new IllegalArgumentException("the SDP offers neither PCMU nor PCMA: " + m.group(2).trim());
        Matcher e = EVENTS.matcher(sdp);
        return new SdpMedia(new InetSocketAddress(c.group(1), Integer.parseInt(m.group(1))), audio, e.find() ? Integer.parseInt(e.group(1)) : 101);
    }
}
