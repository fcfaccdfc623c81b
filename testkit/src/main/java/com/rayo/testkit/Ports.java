package com.rayo.testkit;

import java.io.IOException;
import java.net.ServerSocket;

/** Free loopback ports for tests and benchmarks, so runs never clash with bin/rayo up. */
public final class Ports {
    private Ports() {}

    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    /**
     * An even free UDP port with the three above it free too: RTP and RTCP of audio, and of video
     * (SIPp binds its video pair at {@code -mp} + 2 and fails the call when it cannot).
     */
    public static int freeEven() {
        for (int i = 0; i < 100; i++) {
            int p = free() & ~1;
            if (udpFree(p, 4)) return p;
        }
        throw new IllegalStateException("no four free UDP ports in a row");
    }

    private static boolean udpFree(int first, int count) {
        java.util.List<java.net.DatagramSocket> held = new java.util.ArrayList<>();
        try {
            for (int p = first; p < first + count; p++) held.add(new java.net.DatagramSocket(p));
            return true;
        } catch (java.net.SocketException busy) {
            return false;
        } finally {
            for (java.net.DatagramSocket s : held) s.close();
        }
    }
}
