package com.rayo.rtp.protocol;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The signalling side of the RTPproxy protocol over UDP, one request at a time: for the
 * demo of {@code bin/rayo up}, the benchmark and the tests. Cookies are unique per client
 * (rtpengine caches replies by cookie alone).
 */
public final class RtpproxyClient implements AutoCloseable {
    private static final AtomicLong CLIENTS = new AtomicLong();
    private final DatagramSocket socket;
    private final InetSocketAddress to;
    private final String prefix = "s" + CLIENTS.incrementAndGet() + "_";
    private long seq;

    public RtpproxyClient(InetSocketAddress to, int timeoutMillis) throws IOException {
        this.to = to;
        socket = new DatagramSocket();
        socket.setSoTimeout(timeoutMillis);
    }

    /** Sends {@code body} with a fresh cookie; the reply without cookie, or null when none came in time. */
    public synchronized String send(String body) throws IOException {
        return send(prefix + (++seq), body);
    }

    public synchronized String send(String cookie, String body) throws IOException {
        return raw(cookie + " " + body, cookie);
    }

    /** Sends a datagram as it is and waits for the reply carrying {@code expectCookie}. */
    public synchronized String raw(String datagram, String expectCookie) throws IOException {
        byte[] out = datagram.getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(out, out.length, to));
        byte[] in = new byte[65536];
        while (true) {
            DatagramPacket p = new DatagramPacket(in, in.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            String r = new String(in, 0, p.getLength(), StandardCharsets.ISO_8859_1).strip();
            int sp = r.indexOf(' ');
            if (sp > 0 && r.substring(0, sp).equals(expectCookie)) return r.substring(sp + 1);
        }
    }

    @Override public void close() { socket.close(); }
}
