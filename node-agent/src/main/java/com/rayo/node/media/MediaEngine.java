package com.rayo.node.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's RTP for all its calls: one selector thread receives every call's packets, one
 * clock thread ticks every 20 ms and lets each session send. Two threads whatever the number
 * of calls; a fixed-rate clock catches up after a pause so prompts keep their length.
 */
public final class MediaEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MediaEngine.class);

    private final Selector selector;
    private final Set<RtpSession> sessions = new CopyOnWriteArraySet<>();
    /** Work that must run once per tick before the sessions send (mixers). */
    private final Set<Runnable> tickers = new CopyOnWriteArraySet<>();
    private final Queue<RtpSession> toRegister = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService clock;
    private final Thread receiver;
    private volatile boolean running = true;
    /** Ticks run, and those that started more than {@link #LATE_NANOS} after their place on the 20 ms grid. */
    private final java.util.concurrent.atomic.AtomicLong ticks = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong lateTicks = new java.util.concurrent.atomic.AtomicLong();
    private long firstTickNanos;
    static final long LATE_NANOS = 5_000_000L;

    public MediaEngine(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new IllegalStateException("no NIO selector for RTP: " + e.getMessage(), e);
        }
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "media-clock-" + name);
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        receiver = new Thread(this::receive, "media-rx-" + name);
        receiver.setDaemon(true);
        receiver.start();
    }

    /** The clock starts with the first session or ticker: an engine nobody uses (a node without calls in rooms) costs no wake-ups. */
    private void startClock() {
        if (ticking.compareAndSet(false, true)) clock.scheduleAtFixedRate(this::tick, 20, 20, TimeUnit.MILLISECONDS);
    }

    private final java.util.concurrent.atomic.AtomicBoolean ticking = new java.util.concurrent.atomic.AtomicBoolean();

    /** Starts a call's RTP on its node-side channel, sending to what the relay's SDP says. */
    public RtpSession open(DatagramChannel channel, String relaySdp) throws IOException {
        channel.configureBlocking(false);
        RtpSession s = new RtpSession(channel, SdpMedia.parse(relaySdp));
        sessions.add(s);
        toRegister.add(s);
        selector.wakeup();
        startClock();
        return s;
    }

    /**
     * Opens a node-to-node leg on a fresh UDP port of {@code host}: towards {@code remote}, or, when
     * it is null, towards whoever sends to it first. Closing the session closes its channel.
     */
    public RtpSession openTrunk(String host, java.net.InetSocketAddress remote) throws IOException {
        DatagramChannel ch = DatagramChannel.open();
        try {
            ch.bind(new java.net.InetSocketAddress(host, 0));
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        RtpSession s = new RtpSession(ch, remote == null ? null : new SdpMedia(remote, RtpSession.TRUNK_AUDIO, RtpSession.TRUNK_EVENTS), true);
        sessions.add(s);
        toRegister.add(s);
        selector.wakeup();
        startClock();
        return s;
    }

    /** Stops a trunk and closes its port. */
    public void closeTrunk(RtpSession s) {
        close(s);
        try {
            s.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Stops a session; its channel is the call's to close. */
    public void close(RtpSession s) {
        if (s == null) return;
        sessions.remove(s);
        SelectionKey k = s.channel().keyFor(selector);
        if (k != null) k.cancel();
    }

    /** Ticks of the media clock since start. */
    public long ticks() { return ticks.get(); }

    /** Ticks that started more than 5 ms late (the machine could not keep the 20 ms pace). */
    public long lateTicks() { return lateTicks.get(); }

    /** Runs {@code r} on every tick, before the sessions send: a mixer mixes what they will send. */
    public void addTicker(Runnable r) {
        tickers.add(r);
        startClock();
    }

    public void removeTicker(Runnable r) { tickers.remove(r); }

    private void tick() {
        long now = System.nanoTime();
        long n = ticks.getAndIncrement();
        if (n == 0) firstTickNanos = now;
        // A fixed-rate clock that falls behind runs the missed ticks back to back: each counts as late.
        else if (now - (firstTickNanos + n * 20_000_000L) > LATE_NANOS) lateTicks.incrementAndGet();
        for (Runnable r : tickers) {
            try {
                r.run();
            } catch (RuntimeException e) {
                log.warn("event=media-ticker-failed reason=\"{}\"", e.toString(), e);
            }
        }
        for (RtpSession s : sessions) {
            try {
                s.tick();
            } catch (RuntimeException e) {
                log.warn("event=media-tick-failed reason=\"{}\"", e.toString(), e);
            }
        }
    }

    private void receive() {
        ByteBuffer buf = ByteBuffer.allocateDirect(2048);
        while (running) {
            try {
                selector.select(500);
                RtpSession r;
                while ((r = toRegister.poll()) != null) {
                    if (r.channel().isOpen() && sessions.contains(r)) r.channel().register(selector, SelectionKey.OP_READ, r);
                }
                for (SelectionKey k : selector.selectedKeys()) drain(k, buf);
                selector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                if (running) log.debug("event=media-receive-failed reason=\"{}\"", e.toString());
            }
        }
    }

    /** Every datagram waiting on one call's channel; a call that ended meanwhile is skipped. */
    private static void drain(SelectionKey k, ByteBuffer buf) {
        if (!k.isValid()) return;
        RtpSession s = (RtpSession) k.attachment();
        DatagramChannel ch = (DatagramChannel) k.channel();
        try {
            while (true) {
                buf.clear();
                java.net.SocketAddress from = ch.receive(buf);
                if (from == null) return;
                buf.flip();
                s.received(buf, from);
            }
        } catch (IOException | RuntimeException e) {
            k.cancel();
            log.debug("event=media-receive-failed reason=\"{}\"", e.toString());
        }
    }

    @Override public void close() {
        running = false;
        clock.shutdownNow();
        selector.wakeup();
        try {
            receiver.join(1000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
