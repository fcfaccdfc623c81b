package com.rayo.rtp;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** A signalling side that speaks the RTPproxy protocol over UDP to the balancer. */
final class ControlClient implements AutoCloseable {
    private final DatagramSocket socket;
    private final InetSocketAddress to;
    private final AtomicLong seq = new AtomicLong();

    ControlClient(InetSocketAddress to) throws IOException {
        this.to = to;
        socket = new DatagramSocket();
        socket.setSoTimeout(3000);
    }

    /** Sends with a fresh cookie; returns the reply without it. */
    synchronized String send(String body) throws IOException {
        return sendWithCookie("c" + seq.incrementAndGet(), body);
    }

    synchronized String sendWithCookie(String cookie, String body) throws IOException {
        return raw(cookie + " " + body, cookie);
    }

    synchronized String raw(String datagram, String expectCookie) throws IOException {
        byte[] out = datagram.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(out, out.length, to));
        byte[] in = new byte[65536];
        while (true) {
            DatagramPacket p = new DatagramPacket(in, in.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            String r = new String(in, 0, p.getLength(), StandardCharsets.US_ASCII).strip();
            int sp = r.indexOf(' ');
            if (sp > 0 && r.substring(0, sp).equals(expectCookie)) return r.substring(sp + 1);
        }
    }

    @Override public void close() { socket.close(); }
}
