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

    /** An even free UDP port with its odd neighbour free too (RTP and RTCP). */
    public static int freeEven() {
        for (int i = 0; i < 100; i++) {
            int p = free() & ~1;
            try (java.net.DatagramSocket a = new java.net.DatagramSocket(p); java.net.DatagramSocket b = new java.net.DatagramSocket(p + 1)) {
                return p;
            } catch (java.net.SocketException busy) {
                // try another
            }
        }
        throw new IllegalStateException("no free even/odd UDP port pair");
    }
}
