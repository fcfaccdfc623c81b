package com.rayo.testkit;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SIP phone for media tests: calls by INVITE (PCMU + telephone-event), and then listens like a
 * person would — every RTP packet it receives is kept with its arrival time, decoded, so a test
 * measures what was heard (how long, how loud, which tone) — and talks: a tone, RFC 4733 digits
 * or SIP INFO digits. It answers a BYE. Just enough SIP over UDP for one call at a time.
 */
public final class TestPhone implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private final DatagramSocket sip;
    private final DatagramSocket rtp;
    private final String tag = Long.toHexString(ThreadLocalRandom.current().nextLong());
    private final String callId = UUID.randomUUID() + "@" + HOST;
    private final LinkedBlockingQueue<String> responses = new LinkedBlockingQueue<>();
    private final List<Heard> heard = new CopyOnWriteArrayList<>();
    private final List<Character> digitsHeard = new CopyOnWriteArrayList<>();
    private final Thread sipThread;
    private final Thread rtpThread;
    private volatile boolean open = true;
    private volatile boolean byeReceived;
    private InetSocketAddress proxy;
    private String remoteTarget;
    private String toHeader;
    private InetSocketAddress relay;
    private int cseq = 1;
    private int seq = ThreadLocalRandom.current().nextInt(0x10000);
    private long timestamp = ThreadLocalRandom.current().nextInt();
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private long lastEventTs = -1;

    /** One received audio packet: when it came (nanoTime) and its samples. */
    public record Heard(long nanos, short[] samples) {}

    public TestPhone() throws IOException {
        sip = new DatagramSocket(0, InetAddress.getByName(HOST));
        rtp = new DatagramSocket(Ports.freeEven(), InetAddress.getByName(HOST));
        sipThread = new Thread(this::readSip, "phone-sip");
        rtpThread = new Thread(this::readRtp, "phone-rtp");
        sipThread.setDaemon(true);
        rtpThread.setDaemon(true);
        sipThread.start();
        rtpThread.start();
    }

    /** Calls {@code sip:user@host:port}; returns when answered (200 + ACK). */
    public void call(String uri, Duration timeout) throws IOException, InterruptedException {
        Matcher m = Pattern.compile("sip:(?:[^@]+@)?([^:;>]+):(\\d+)").matcher(uri);
        if (!m.find()) throw new IllegalArgumentException("need sip:user@host:port, not " + uri);
        proxy = new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
        String sdp = "v=0\r\no=phone 1 1 IN IP4 " + HOST + "\r\ns=phone\r\nc=IN IP4 " + HOST + "\r\nt=0 0\r\nm=audio " + rtp.getLocalPort()
                + " RTP/AVP 0 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=sendrecv\r\n";
        toHeader = "<" + uri + ">";
        send(request("INVITE", uri, cseq, "application/sdp", sdp));
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String r = responses.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (r == null) break;
            int status = Integer.parseInt(r.substring(8, 11));
            if (!r.contains(" INVITE\r\n") && !header(r, "CSeq").endsWith("INVITE")) continue;
            if (status >= 300) throw new IOException("call refused: " + r.lines().findFirst().orElse(""));
            if (status >= 200) {
                toHeader = header(r, "To");
                Matcher contact = Pattern.compile("<([^>]+)>").matcher(header(r, "Contact"));
                remoteTarget = contact.find() ? contact.group(1) : uri;
                String body = r.substring(r.indexOf("\r\n\r\n") + 4);
                Matcher c = Pattern.compile("c=IN IP4 (\\S+)").matcher(body);
                Matcher a = Pattern.compile("m=audio (\\d+)").matcher(body);
                if (!c.find() || !a.find()) throw new IOException("200 without audio SDP: " + body);
                relay = new InetSocketAddress(c.group(1), Integer.parseInt(a.group(1)));
                send(request("ACK", remoteTarget, cseq, null, null));
                return;
            }
        }
        throw new IOException("no answer in " + timeout.toMillis() + " ms");
    }

    /** Sends {@code millis} of a sine tone as 20 ms PCMU packets, paced in real time; returns when sent. */
    public void sendTone(double hz, long millis, double amplitude) throws IOException, InterruptedException {
        int frames = (int) (millis / 20);
        long start = System.nanoTime();
        for (int f = 0; f < frames; f++) {
            byte[] payload = new byte[160];
            for (int i = 0; i < 160; i++) {
                int n = f * 160 + i;
                payload[i] = ulaw((int) (amplitude * 32767 * Math.sin(2 * Math.PI * hz * n / 8000)));
            }
            sendRtp(0, f == 0, payload, timestamp);
            timestamp += 160;
            long next = start + (f + 1) * 20_000_000L;
            long sleep = next - System.nanoTime();
            if (sleep > 0) TimeUnit.NANOSECONDS.sleep(sleep);
        }
    }

    /** Sends one key as RFC 4733 events (100 ms), paced in real time. */
    public void sendDigit(char key) throws IOException, InterruptedException {
        int event = "0123456789*#ABCD".indexOf(Character.toUpperCase(key));
        if (event < 0) throw new IllegalArgumentException("not a DTMF key: " + key);
        long ts = timestamp;
        for (int i = 1; i <= 5; i++) {
            boolean end = i == 5;
            byte[] p = {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) ((i * 160) >> 8), (byte) (i * 160)};
            sendRtp(101, i == 1, p, ts);
            if (end) for (int r = 0; r < 2; r++) sendRtp(101, false, p, ts);
            Thread.sleep(20);
        }
        timestamp += 960;
    }

    /** Sends one key in a SIP INFO (application/dtmf-relay); returns the status the node answered. */
    public int sendInfo(char key) throws IOException, InterruptedException {
        responses.clear();
        int n = ++cseq;
        send(request("INFO", remoteTarget, n, "application/dtmf-relay", "Signal=" + key + "\r\nDuration=160\r\n"));
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            String r = responses.poll(100, TimeUnit.MILLISECONDS);
            if (r != null && header(r, "CSeq").startsWith(n + " INFO")) return Integer.parseInt(r.substring(8, 11));
        }
        return -1;
    }

    public void hangup() throws IOException {
        send(request("BYE", remoteTarget, ++cseq, null, null));
    }

    public boolean byeReceived() { return byeReceived; }

    /** Every audio packet heard so far, in arrival order. */
    public List<Heard> heard() { return List.copyOf(heard); }

    /** Keys heard as RFC 4733 events, one per press. */
    public List<Character> digitsHeard() { return List.copyOf(digitsHeard); }

    /** The audio heard after {@code sinceNanos}, concatenated. */
    public short[] audioSince(long sinceNanos) {
        List<short[]> parts = new ArrayList<>();
        int n = 0;
        for (Heard h : heard) {
            if (h.nanos >= sinceNanos) {
                parts.add(h.samples);
                n += h.samples.length;
            }
        }
        short[] out = new short[n];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** Arrival times of packets louder than {@code rms} after {@code sinceNanos}. */
    public List<Long> loudPacketTimes(long sinceNanos, double rms) {
        List<Long> out = new ArrayList<>();
        for (Heard h : heard) if (h.nanos >= sinceNanos && AudioCheck.rms(h.samples) > rms) out.add(h.nanos);
        return out;
    }

    private void sendRtp(int pt, boolean marker, byte[] payload, long ts) throws IOException {
        if (relay == null) throw new IllegalStateException("not in a call");
        ByteBuffer b = ByteBuffer.allocate(12 + payload.length);
        b.put((byte) 0x80).put((byte) ((marker ? 0x80 : 0) | pt)).putShort((short) seq++).putInt((int) ts).putInt(ssrc).put(payload);
        rtp.send(new DatagramPacket(b.array(), b.capacity(), relay));
    }

    private String request(String method, String uri, int n, String type, String body) {
        String branch = "z9hG4bK" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(uri).append(" SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP ").append(HOST).append(':').append(sip.getLocalPort()).append(";branch=").append(branch).append(";rport\r\n")
                .append("Max-Forwards: 70\r\n")
                .append("From: <sip:phone@").append(HOST).append(':').append(sip.getLocalPort()).append(">;tag=").append(tag).append("\r\n")
                .append("To: ").append(toHeader).append("\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(n).append(' ').append(method).append("\r\n")
                .append("Contact: <sip:phone@").append(HOST).append(':').append(sip.getLocalPort()).append(">\r\n");
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.ISO_8859_1);
        if (type != null) sb.append("Content-Type: ").append(type).append("\r\n");
        sb.append("Content-Length: ").append(content.length).append("\r\n\r\n");
        return sb + (body == null ? "" : body);
    }

    private void send(String message) throws IOException {
        byte[] b = message.getBytes(StandardCharsets.ISO_8859_1);
        sip.send(new DatagramPacket(b, b.length, proxy));
    }

    static String header(String message, String name) {
        Matcher m = Pattern.compile("(?mi)^" + Pattern.quote(name) + "\\s*:\\s*(.*?)\\r?$").matcher(message);
        return m.find() ? m.group(1).strip() : "";
    }

    private void readSip() {
        byte[] buf = new byte[65536];
        while (open) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                sip.receive(p);
                String msg = new String(buf, 0, p.getLength(), StandardCharsets.ISO_8859_1);
                if (msg.startsWith("SIP/2.0 ")) {
                    String cs = header(msg, "CSeq");
                    // A retransmitted 200 to the INVITE wants its ACK again.
                    if (cs.endsWith("INVITE") && msg.startsWith("SIP/2.0 200") && remoteTarget != null) send(request("ACK", remoteTarget, cseq, null, null));
                    responses.add(msg);
                } else {
                    if (msg.startsWith("BYE ")) byeReceived = true;
                    StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
                    for (String h : List.of("Via", "From", "To", "Call-ID", "CSeq")) ok.append(h).append(": ").append(header(msg, h)).append("\r\n");
                    ok.append("Content-Length: 0\r\n\r\n");
                    byte[] b = ok.toString().getBytes(StandardCharsets.ISO_8859_1);
                    sip.send(new DatagramPacket(b, b.length, p.getSocketAddress()));
                }
            } catch (IOException e) {
                if (!open) return;
            }
        }
    }

    private void readRtp() {
        byte[] buf = new byte[2048];
        while (open) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                rtp.receive(p);
                long now = System.nanoTime();
                if (p.getLength() < 12 || (buf[0] & 0xC0) != 0x80) continue;
                int pt = buf[1] & 0x7F;
                int offset = 12 + 4 * (buf[0] & 0x0F);
                if (pt == 101) {
                    long ts = ByteBuffer.wrap(buf, 4, 4).getInt() & 0xFFFFFFFFL;
                    if (ts != lastEventTs && p.getLength() >= offset + 4) {
                        lastEventTs = ts;
                        int ev = buf[offset] & 0xFF;
                        if (ev < 16) digitsHeard.add("0123456789*#ABCD".charAt(ev));
                    }
                } else if (pt == 0) {
                    short[] s = new short[p.getLength() - offset];
                    for (int i = 0; i < s.length; i++) s[i] = fromUlaw(buf[offset + i]);
                    heard.add(new Heard(now, s));
                }
            } catch (SocketTimeoutException e) {
                // keep listening
            } catch (IOException e) {
                if (!open) return;
            }
        }
    }

    static byte ulaw(int pcm) {
        int sign = pcm < 0 ? 0x80 : 0;
        int mag = Math.min(Math.abs(pcm), 32635) + 0x84;
        int exp = Math.max(0, Math.min(7, 31 - Integer.numberOfLeadingZeros(mag >> 7)));
        return (byte) ~(sign | (exp << 4) | ((mag >> (exp + 3)) & 0x0F));
    }

    static short fromUlaw(byte u) {
        int x = ~u & 0xFF;
        int mag = ((((x & 0x0F) << 3) + 0x84) << ((x >> 4) & 7)) - 0x84;
        return (short) ((x & 0x80) != 0 ? -mag : mag);
    }

    @Override public void close() {
        open = false;
        sip.close();
        rtp.close();
    }

}
