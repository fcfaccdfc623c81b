package com.rayo.rtp.protocol;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The signalling side of rtpengine's NG protocol (bencoded dictionaries over UDP), for a
 * balancer's {@code ng:} socket or an rtpengine: {@code offer}, {@code answer}, {@code delete}…
 * A request that gets no answer is sent again once with the same cookie (the balancer answers
 * a retransmission from its reply cache, rtpengine from its cookie cache), then fails.
 */
public final class NgClient implements AutoCloseable {
    private static final AtomicLong CLIENTS = new AtomicLong();
    private final RtpproxyClient udp;
    private final String prefix = "ng" + ProcessHandle.current().pid() + "x" + CLIENTS.incrementAndGet() + "_";
    private final AtomicLong seq = new AtomicLong();
    private final InetSocketAddress to;

    public NgClient(InetSocketAddress to, int timeoutMillis) throws IOException {
        this.to = to;
        this.udp = new RtpproxyClient(to, Math.max(1, timeoutMillis / 2));
    }

    /** The reply dictionary; IOException when nothing answered or the answer is not a dictionary. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> request(Map<String, Object> request) throws IOException {
        String cookie = prefix + seq.incrementAndGet();
        String datagram = cookie + " " + Bencode.encode(request);
        String reply = udp.raw(datagram, cookie);
        if (reply == null) reply = udp.raw(datagram, cookie);
        if (reply == null) throw new IOException("no answer from the media relay at " + to + " to '" + request.get("command") + "'");
        try {
            if (Bencode.decode(reply) instanceof Map<?, ?> m) return (Map<String, Object>) m;
        } catch (ProtocolException e) {
            throw new IOException("malformed NG answer from " + to + ": " + e.getMessage(), e);
        }
        throw new IOException("NG answer from " + to + " is not a dictionary");
    }

    @Override public void close() { udp.close(); }
}
