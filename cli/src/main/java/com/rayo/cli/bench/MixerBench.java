package com.rayo.cli.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.rayo.node.conference.ConferenceCalls;
import com.rayo.node.conference.ConferenceEvents;
import com.rayo.node.conference.Conferences;
import com.rayo.node.media.CallMedia;
import com.rayo.node.media.G711;
import com.rayo.node.media.MediaEngine;
import com.rayo.node.media.RtpSession;
import com.rayo.node.verbs.VerbRuntime;
import com.rayo.node.verbs.VerbSettings;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.Speaking;
import com.rayo.testkit.WorkDirs;

/**
 * {@code bin/rayo bench mixer}: a node's media engine and mixers ({@link Conferences}, the product's
 * code) with generated far ends over real UDP on loopback: ROOMS × SIZE participants, each far end
 * sending a 20 ms PCMU packet every 20 ms, one speaker per room at a time (300 ms bursts, a new
 * speaker every second). First a baseline with the same calls up but no mixer (the RTP alone), then
 * the rooms mixed. Measured: media clock ticks more than 5 ms late, the node's media threads' CPU per
 * participant (and its ratio to the baseline's), mouth-to-ear delay through the mixer (a burst's
 * first packet sent → its first loud packet at each listener), speaking events.
 */
public final class MixerBench {
    private MixerBench() {}

    static final int FRAME_NANOS = 20_000_000;
    static final int TURN_FRAMES = 50, BURST_FRAMES = 15;
    static final double LOUD = 1000;

    public static int main(String[] args) throws Exception {
        int rooms = RoutingBench.intArg(args, "--rooms", 40);
        int size = RoutingBench.intArg(args, "--size", 5);
        int seconds = RoutingBench.intArg(args, "--seconds", 20);
        int n = rooms * size;
        System.out.printf("mixer benchmark: %d rooms x %d participants = %d, %d s baseline (calls up, no mixer) then %d s mixed, %d cores%n",
                rooms, size, n, seconds / 2, seconds, Runtime.getRuntime().availableProcessors());
        Path dir = Files.createTempDirectory("rayo-bench-mixer");
        MediaEngine engine = new MediaEngine("bench");
        Map<String, RtpSession> sessions = new ConcurrentHashMap<>();
        FarEnds far = new FarEnds(rooms, size);
        AtomicLong speakingEvents = new AtomicLong();
        try (VerbRuntime verbs = new VerbRuntime(new VerbSettings(dir.resolve("work"), List.of(), Duration.ofMinutes(5), 16, Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(3), dir.resolve("recordings"), "127.0.0.1", 0, "127.0.0.1", Duration.ofHours(1), null), "bench")) {
            for (int p = 0; p < n; p++) {
                DatagramChannel node = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                far.connect(p, (InetSocketAddress) node.getLocalAddress());
                sessions.put(callId(p), engine.open(node, "v=0\r\nc=IN IP4 127.0.0.1\r\nm=audio " + far.port(p) + " RTP/AVP 0 101\r\n"));
            }
            Conferences mixers = new Conferences(new ConferenceCalls() {
                @Override public boolean exists(String callId) { return sessions.containsKey(callId); }
                @Override public CallMedia media(String callId) { return sessions.get(callId); }
                @Override public boolean joinedToCall(String callId) { return false; }
            }, engine, "127.0.0.1", verbs.context(), new ConferenceEvents() {
                @Override public void callEvent(String callId, RayoElement event) { }
                @Override public void mixerEvent(String mixer, RayoElement event) { if (event instanceof Speaking) speakingEvents.incrementAndGet(); }
                @Override public void mixerPresence(String mixer, boolean available) { }
                @Override public String callUri(String callId) { return "xmpp:" + callId + "@bench"; }
                @Override public void componentEvent(String callId, String componentId, RayoElement event) { }
                @Override public void dtmf(String callId, char key) { }
            });
            far.start();
            Thread.sleep(2000); // JIT and sockets warm
            Phase baseline = Phase.run("baseline (calls up, no mixer)", engine, far, seconds / 2, n);
            for (int p = 0; p < n; p++) {
                var r = mixers.join(callId(p), "room" + (p / size), null);
                if (!r.ok()) throw new IllegalStateException("join failed: " + r.text());
            }
            Thread.sleep(2000);
            far.delays.clear();
            speakingEvents.set(0);
            Phase mixed = Phase.run("mixed, " + rooms + " rooms x " + size, engine, far, seconds, n);
            far.close();
            mixers.close();
            System.out.println();
            System.out.println("| phase | participants | late ticks (> 5 ms) | media CPU per participant | mouth-to-ear p50 | p99 | max | speaking events/s |");
            System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
            System.out.println(baseline.row(null, 0));
            System.out.println(mixed.row(far.delays, speakingEvents.get()));
            System.out.printf("%nmixing costs %.2fx the baseline's media CPU; %s%n", mixed.cpuPerParticipant / Math.max(1e-9, baseline.cpuPerParticipant),
                    mixed.latePercent() <= 1.0 ? "late ticks within the 1% goal" : "late ticks ABOVE the 1% goal");
            return 0;
        } finally {
            engine.close();
            WorkDirs.delete(dir);
        }
    }

    static String callId(int p) { return "c" + p; }

    /** One measured stretch: ticks and late ticks of the media clock, CPU of the node's media threads. */
    record Phase(String name, int participants, long ticks, long late, double cpuPerParticipant) {
        static Phase run(String name, MediaEngine engine, FarEnds far, int seconds, int n) throws InterruptedException {
            System.out.println(name + " ...");
            long t0 = engine.ticks(), l0 = engine.lateTicks(), c0 = mediaCpuNanos(), w0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long ticks = engine.ticks() - t0, late = engine.lateTicks() - l0, cpu = mediaCpuNanos() - c0, wall = System.nanoTime() - w0;
            return new Phase(name, n, ticks, late, 100.0 * cpu / wall / n);
        }

        double latePercent() { return 100.0 * late / Math.max(1, ticks); }

        String row(List<Long> delays, long speaking) {
            String d = "— | — | —";
            if (delays != null && !delays.isEmpty()) {
                List<Long> s = new ArrayList<>(delays);
                Collections.sort(s);
                d = String.format("%.1f ms | %.1f ms | %.1f ms", pct(s, 50), pct(s, 99), s.get(s.size() - 1) / 1e6);
            }
            return String.format("| %s | %d | %d of %d (%.2f%%) | %.3f%% of a core | %s | %s |", name, participants, late, ticks, latePercent(),
                    cpuPerParticipant, d, delays == null ? "—" : String.format("%.1f", speaking / ((double) ticks * 0.02)));
        }

        static double pct(List<Long> sorted, int p) { return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6; }

        /** CPU of the node's media clock and receive threads (what a node spends on RTP and mixing). */
        static long mediaCpuNanos() {
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long sum = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("media-clock-bench") || t.getName().startsWith("media-rx-bench")) sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
            return sum;
        }
    }

    /**
     * The far ends: one thread sends every phone's packet each 20 ms (the room's speaker a 300 ms
     * 440 Hz burst every second, the others PCMU silence), one thread receives what the node sends and
     * times each burst's first loud packet at every listener of its room.
     */
    static final class FarEnds implements AutoCloseable {
        final int rooms, size;
        final DatagramChannel[] phones;
        final InetSocketAddress[] nodeSide;
        /** Per room: the turn being spoken and when its burst's first packet was sent. */
        final AtomicLongArray turn, burstSent;
        /** Per phone: the last turn whose burst it heard. */
        final long[] heardTurn;
        final List<Long> delays = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean running = true;
        private final List<Thread> threads = new ArrayList<>();

        FarEnds(int rooms, int size) throws java.io.IOException {
            this.rooms = rooms;
            this.size = size;
            int n = rooms * size;
            phones = new DatagramChannel[n];
            nodeSide = new InetSocketAddress[n];
            heardTurn = new long[n];
            java.util.Arrays.fill(heardTurn, -1);
            turn = new AtomicLongArray(rooms);
            burstSent = new AtomicLongArray(rooms);
            for (int r = 0; r < rooms; r++) turn.set(r, -1);
            for (int p = 0; p < n; p++) {
                phones[p] = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                phones[p].configureBlocking(false);
            }
        }

        void connect(int p, InetSocketAddress node) { nodeSide[p] = node; }

        int port(int p) throws java.io.IOException { return ((InetSocketAddress) phones[p].getLocalAddress()).getPort(); }

        void start() throws java.io.IOException {
            Selector selector = Selector.open();
            for (int p = 0; p < phones.length; p++) phones[p].register(selector, SelectionKey.OP_READ, p);
            threads.add(new Thread(this::send, "far-ends-tx"));
            threads.add(new Thread(() -> receive(selector), "far-ends-rx"));
            for (Thread t : threads) {
                t.setDaemon(true);
                t.start();
            }
        }

        private void send() {
            byte[] silence = new byte[160];
            java.util.Arrays.fill(silence, (byte) 0xFF);
            short[] tone = new short[160];
            ByteBuffer packet = ByteBuffer.allocate(172);
            long start = System.nanoTime();
            int seq = 0;
            for (long f = 0; running; f++) {
                long turnNow = f / TURN_FRAMES;
                boolean burst = f % TURN_FRAMES < BURST_FRAMES;
                for (int i = 0; i < 160; i++) tone[i] = (short) (0.3 * 32767 * Math.sin(2 * Math.PI * 440 * (f * 160 + i) / 8000));
                byte[] loud = G711.encode(tone, false);
                for (int r = 0; r < rooms; r++) {
                    int speaker = (int) ((turnNow + r) % size);
                    if (burst && f % TURN_FRAMES == 0) {
                        burstSent.set(r, System.nanoTime());
                        turn.set(r, turnNow);
                    }
                    for (int k = 0; k < size; k++) {
                        int p = r * size + k;
                        packet.clear();
                        packet.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt((int) (f * 160)).putInt(p);
                        packet.put(burst && k == speaker ? loud : silence).flip();
                        try {
                            phones[p].send(packet, nodeSide[p]);
                        } catch (java.io.IOException e) {
                            // a lost packet is what a phone would see too
                        }
                    }
                }
                seq++;
                long sleep = start + (f + 1) * FRAME_NANOS - System.nanoTime();
                if (sleep > 0) java.util.concurrent.locks.LockSupport.parkNanos(sleep);
            }
        }

        private void receive(Selector selector) {
            ByteBuffer buf = ByteBuffer.allocate(2048);
            while (running) {
                try {
                    selector.select(200);
                    long now = System.nanoTime();
                    for (SelectionKey k : selector.selectedKeys()) {
                        int p = (Integer) k.attachment();
                        DatagramChannel ch = (DatagramChannel) k.channel();
                        while (true) {
                            buf.clear();
                            if (ch.receive(buf) == null) break;
                            buf.flip();
                            if (buf.remaining() < 12 + 160 || (buf.get(1) & 0x7F) != 0) continue;
                            byte[] payload = new byte[buf.remaining() - 12];
                            buf.get(12, payload);
                            heard(p, G711.decode(payload, 0, payload.length, false), now);
                        }
                    }
                    selector.selectedKeys().clear();
                } catch (java.io.IOException e) {
                    if (running) throw new IllegalStateException(e);
                }
            }
        }

        private void heard(int p, short[] pcm, long now) {
            double sum = 0;
            for (short s : pcm) sum += (double) s * s;
            if (Math.sqrt(sum / pcm.length) < LOUD) return;
            int r = p / size;
            long t = turn.get(r);
            if (t < 0 || heardTurn[p] >= t) return;
            heardTurn[p] = t;
            delays.add(now - burstSent.get(r));
        }

        @Override public void close() throws Exception {
            running = false;
            for (Thread t : threads) t.join(1000);
            for (DatagramChannel c : phones) c.close();
        }
    }
}
