package com.rayo.node.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's RTP at the node: the node side of the call's relay session. Each tick of the
 * media clock it sums its play sources into one G.711 packet (nothing when all are silent) or
 * sends the next RFC 4733 event packet; what arrives is decoded for its listeners, and
 * RFC 4733 events become one digit per key press.
 */
public final class RtpSession implements CallMedia {
    private static final Logger log = LoggerFactory.getLogger(RtpSession.class);
    /** RFC 4733 events: 0-9, *, #, A-D. */
    private static final String KEYS = "0123456789*#ABCD";
    /** Each sent key lasts 100 ms, then 60 ms of nothing before the next. */
    private static final int KEY_TICKS = 5;
    private static final int GAP_TICKS = 3;
    private static final short[] SILENCE = new short[Audio.FRAME];
    /** Trunks carry PCMU and, for keys, RFC 4733 on this type. */
    static final int TRUNK_AUDIO = 0, TRUNK_EVENTS = 101;

    private final DatagramChannel channel;
    private final long ssrc = ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL;
    private final List<PlaySource> sources = new CopyOnWriteArrayList<>();
    private final List<MediaListener> listeners = new CopyOnWriteArrayList<>();
    /** Key presses waiting to be sent; guarded by this. */
    private final Queue<Character> keysToSend = new ArrayDeque<>();
    /** Where to send; a trunk waiting for its far end has none yet (it latches onto the first sender). */
    private volatile SdpMedia remote;
    /** A leg between two nodes (a call and a mixer on another node) rather than a call's relay leg. */
    private final boolean trunk;
    /** When the last packet arrived (at first: when the session opened). */
    private volatile long lastReceivedNanos = System.nanoTime();
    private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
    private long timestamp = ThreadLocalRandom.current().nextLong(0x100000000L);
    private boolean talking;
    /** The key being sent and how many ticks of it (then of the gap) are done; -1: none. */
    private int sendingKey = -1;
    private int keyTick;
    private long keyTimestamp;
    /** The timestamp of the last RFC 4733 event received: its retransmissions and end packets are the same press. */
    private long lastEventTimestamp = -1;

    public RtpSession(DatagramChannel channel, SdpMedia remote) {
        this(channel, remote, false);
    }

    /**
     * {@code trunk}: a node-to-node leg, which sends PCMU silence in silent ticks (so the far end
     * latches onto it and hears it is alive) and, when {@code remote} is null, latches onto the first
     * address that sends to it.
     */
    RtpSession(DatagramChannel channel, SdpMedia remote, boolean trunk) {
        this.channel = channel;
        this.remote = remote;
        this.trunk = trunk;
    }

    /** Nanoseconds since a packet last arrived (or since the session opened). */
    public long silentNanos() { return System.nanoTime() - lastReceivedNanos; }

    /** The local port (a trunk's far end is told it). */
    public int localPort() {
        try {
            return ((java.net.InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("RTP channel closed", e);
        }
    }

    DatagramChannel channel() { return channel; }

    @Override public void addSource(PlaySource s) { sources.add(s); }
    @Override public void removeSource(PlaySource s) { sources.remove(s); }
    @Override public void addListener(MediaListener l) { listeners.add(l); }
    @Override public void removeListener(MediaListener l) { listeners.remove(l); }

    @Override public synchronized void sendDigits(String keys) {
        for (char k : keys.toUpperCase(java.util.Locale.ROOT).toCharArray()) if (KEYS.indexOf(k) >= 0) keysToSend.add(k);
    }

    /** A key pressed at the far end that came another way (SIP INFO). */
    public void digit(char key) {
        for (MediaListener l : listeners) l.digit(key);
    }

    /** One 20 ms tick: an event packet, or the sum of the sources, or nothing. */
    void tick() {
        SdpMedia to = remote;
        ByteBuffer packet = null;
        short[] frame = null;
        if (to == null) return; // a trunk whose far end has not spoken yet
        synchronized (this) {
            if (sendingKey < 0 && !keysToSend.isEmpty()) {
                sendingKey = KEYS.indexOf(keysToSend.poll());
                keyTick = 0;
                keyTimestamp = timestamp;
            }
            if (sendingKey >= 0) {
                packet = keyPacket(to);
            } else {
                frame = PlaySource.mixNext(sources);
                short[] out = frame == null && trunk ? SILENCE : frame;
                if (out != null) {
                    packet = RtpPacket.build(to.audioType(), !talking, sequence++ & 0xFFFF, timestamp, ssrc, G711.encode(out, to.audioType() == 8));
                }
                talking = frame != null;
            }
            timestamp = (timestamp + Audio.FRAME) & 0xFFFFFFFFL;
        }
        for (MediaListener l : listeners) l.sent(frame);
        if (packet != null) send(packet, to);
    }

    /** RFC 4733: the key's packets with a growing duration, the last one three times with the end bit, then a gap. */
    private ByteBuffer keyPacket(SdpMedia to) {
        ByteBuffer packet = null;
        if (keyTick < KEY_TICKS) {
            boolean end = keyTick == KEY_TICKS - 1;
            int duration = (keyTick + 1) * Audio.FRAME;
            byte[] payload = {(byte) sendingKey, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
            packet = RtpPacket.build(to.eventType(), keyTick == 0, sequence++ & 0xFFFF, keyTimestamp, ssrc, payload);
            if (end) for (int i = 0; i < 2; i++) send(RtpPacket.build(to.eventType(), false, sequence++ & 0xFFFF, keyTimestamp, ssrc, payload), to);
        }
        if (++keyTick >= KEY_TICKS + GAP_TICKS) sendingKey = -1;
        talking = false;
        return packet;
    }

    private void send(ByteBuffer packet, SdpMedia to) {
        try {
            channel.send(packet, to.remote());
        } catch (IOException e) {
            log.debug("event=rtp-send-failed to={} reason=\"{}\"", to.remote(), e.toString());
        }
    }

    /** One datagram from the relay (or the far trunk). */
    void received(ByteBuffer b, java.net.SocketAddress sender) {
        RtpPacket p = RtpPacket.parse(b);
        if (p == null) return;
        lastReceivedNanos = System.nanoTime();
        if (remote == null && trunk && sender instanceof java.net.InetSocketAddress a) remote = new SdpMedia(a, p.payloadType() == 8 ? 8 : 0, TRUNK_EVENTS);
        SdpMedia from = remote;
        if (from == null) return;
        if (p.payloadType() == from.eventType()) {
            if (p.payloadLength() < 4) return;
            int event = b.get(p.payloadOffset()) & 0xFF;
            if (event >= KEYS.length() || p.timestamp() == lastEventTimestamp) return;
            lastEventTimestamp = p.timestamp();
            digit(KEYS.charAt(event));
        } else if (p.payloadType() == 0 || p.payloadType() == 8) {
            byte[] data = new byte[p.payloadLength()];
            b.get(p.payloadOffset(), data);
            short[] pcm = G711.decode(data, 0, data.length, p.payloadType() == 8);
            for (MediaListener l : listeners) l.heard(pcm);
        }
    }
}
