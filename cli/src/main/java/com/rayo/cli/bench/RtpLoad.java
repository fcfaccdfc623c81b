package com.rayo.cli.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongPredicate;

/**
 * The benchmark's signalling side: one thread keeps {@code sessions} U → L → D cycles in
 * flight on one socket, as an event-driven SIP proxy would (SIPp works the same way), so
 * the load generator costs little CPU next to what it measures. A session whose reply
 * does not come within the timeout counts as failed and a new one takes its place.
 */
final class RtpLoad {
    private static final int TIMEOUT_MILLIS = 2000;
    private static final long STALL_NANOS = 10_000_000_000L;
    private static final String[] STEPS = {"U", "L", "D"};

    record Result(double cyclesPerSec, double p50Micros, double p99Micros, long failures, long cycles) { }

    private final InetSocketAddress to;
    private final int sessions;
    private final String tag;

    RtpLoad(int port, int sessions, String tag) {
        this.to = new InetSocketAddress("127.0.0.1", port);
        this.sessions = sessions;
        this.tag = tag;
    }

    /** Runs for {@code seconds}, then lets the sessions in flight end. */
    Result forSeconds(int seconds) throws IOException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        return run(cycles -> System.nanoTime() >= end);
    }

    /** Runs until {@code done} says so (asked after every completed cycle with the count so far), then drains. */
    Result run(LongPredicate done) throws IOException {
        long[] lat = new long[3_000_000];
        int n = 0;
        long cycles = 0, failures = 0, counter = 0;
        long[] callNo = new long[sessions];
        int[] step = new int[sessions];
        long[] sentAt = new long[sessions];
        byte[] in = new byte[65536];
        long t0 = System.nanoTime(), lastCycle = t0;
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(50);
            for (int s = 0; s < sessions; s++) {
                callNo[s] = counter++;
                sentAt[s] = send(socket, s, callNo[s], 0);
            }
            boolean stop = false;
            int busy = sessions;
            while (busy > 0) {
                DatagramPacket p = new DatagramPacket(in, in.length);
                try {
                    socket.receive(p);
                } catch (SocketTimeoutException e) {
                    p = null;
                }
                long now = System.nanoTime();
                if (p != null) {
                    String r = new String(in, 0, p.getLength(), StandardCharsets.ISO_8859_1).strip();
                    int s = slot(r);
                    if (s < 0 || s >= sessions || step[s] < 0 || !r.startsWith(cookie(s, callNo[s], step[s]) + " ")) continue; // late reply of a given-up session
                    String body = r.substring(r.indexOf(' ') + 1);
                    if (n < lat.length) lat[n++] = now - sentAt[s];
                    boolean ok = step[s] == 2 ? body.equals("0") : !body.startsWith("E");
                    if (!ok && failures++ == 0) System.out.printf("  first failure (%s): %s -> %s%n", tag, STEPS[step[s]], body);
                    if (!ok || ++step[s] == 3) {
                        if (ok) {
                            cycles++;
                            lastCycle = now;
                        }
                        stop |= done.test(cycles);
                        if (stop) { // drain: in-flight sessions end, no new one starts
                            step[s] = -1;
                            busy--;
                            continue;
                        }
                        callNo[s] = counter++;
                        step[s] = 0;
                    }
                    sentAt[s] = send(socket, s, callNo[s], step[s]);
                }
                if (!stop && now - lastCycle > STALL_NANOS) {
                    System.out.printf("  %s: no session completed for %d s, giving up%n", tag, STALL_NANOS / 1_000_000_000L);
                    stop = true;
                }
                for (int s = 0; s < sessions; s++) {
                    if (step[s] < 0 || now - sentAt[s] < TIMEOUT_MILLIS * 1_000_000L) continue;
                    stop |= done.test(cycles);
                    if (stop) {
                        step[s] = -1;
                        busy--;
                        failures++;
                        continue;
                    }
                    failures++;
                    callNo[s] = counter++;
                    step[s] = 0;
                    sentAt[s] = send(socket, s, callNo[s], 0);
                }
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        long[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        double p50 = n == 0 ? 0 : sorted[n / 2] / 1e3, p99 = n == 0 ? 0 : sorted[(int) (n * 0.99)] / 1e3;
        return new Result(cycles / elapsed, p50, p99, failures, cycles);
    }

    /** Cookie {@code TAG.SLOT.CALL.STEP}: the reply says which session and which command it answers. */
    private String cookie(int slot, long call, int step) {
        return tag + "." + slot + "." + call + "." + step;
    }

    private int slot(String reply) {
        int a = reply.indexOf('.'), b = a < 0 ? -1 : reply.indexOf('.', a + 1);
        if (b < 0) return -1;
        try {
            return Integer.parseInt(reply, a + 1, b, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private long send(DatagramSocket socket, int slot, long call, int step) throws IOException {
        String id = tag + "-" + slot + "-" + call;
        String body = switch (step) {
            case 0 -> "Uc0 " + id + " 127.0.0.1 " + (10000 + slot * 2) + " f;1";
            case 1 -> "Lc0 " + id + " 127.0.0.1 " + (12000 + slot * 2) + " f;1 t;1";
            default -> "D " + id + " f";
        };
        byte[] out = (cookie(slot, call, step) + " " + body).getBytes(StandardCharsets.ISO_8859_1);
        socket.send(new DatagramPacket(out, out.length, to));
        return System.nanoTime();
    }
}
