package com.rayo.rtp.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control channel to one relay (RTPproxy protocol over UDP): requests carry the
 * balancer's own cookies, one reader thread completes them by cookie, a sweep every
 * 10 ms fails those that got no answer in time.
 */
public final class RelayLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RelayLink.class);
    private final DatagramChannel channel;
    private final InetSocketAddress relay;
    /** A command in flight and when it stops waiting. */
    private record Pending(CompletableFuture<String> reply, long deadlineNanos, long timeoutMillis) { }

    private static final long SWEEP_MILLIS = 10;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.ScheduledFuture<?> sweeper;
    private final AtomicLong seq = new AtomicLong();
    private final String prefix;
    private final Thread reader;

    public RelayLink(String name, InetSocketAddress relay, ScheduledExecutorService timer) throws IOException {
        this.relay = relay;
        this.prefix = "b" + Long.toString(System.nanoTime() & 0xffffff, 36) + "_";
        channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(relay.getAddress(), 0));
        channel.connect(relay);
        reader = new Thread(this::read, "rtp-relay-" + name);
        reader.setDaemon(true);
        reader.start();
        // One sweep for all timeouts: scheduling a timer task per command cost more than the forwarding.
        sweeper = timer.scheduleWithFixedDelay(this::expire, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void expire() {
        long now = System.nanoTime();
        pending.forEach((cookie, p) -> {
            if (now - p.deadlineNanos() >= 0 && pending.remove(cookie, p)) {
                p.reply().completeExceptionally(new TimeoutException("relay " + relay + " did not answer in " + p.timeoutMillis() + " ms"));
            }
        });
    }

    /** Sends {@code body} (a command without cookie); the future fails with TimeoutException when the relay is silent. */
    public CompletableFuture<String> send(String body, Duration timeout) {
        String cookie = prefix + Long.toString(seq.incrementAndGet(), 36);
        CompletableFuture<String> f = new CompletableFuture<>();
        pending.put(cookie, new Pending(f, System.nanoTime() + timeout.toNanos(), timeout.toMillis()));
        try {
            channel.write(ByteBuffer.wrap((cookie + " " + body).getBytes(StandardCharsets.ISO_8859_1)));
        } catch (IOException e) {
            // ICMP port unreachable from an earlier send surfaces here: the relay is not there.
            pending.remove(cookie);
            f.completeExceptionally(e);
        }
        return f;
    }

    private void read() {
        ByteBuffer buf = ByteBuffer.allocate(65536);
        while (channel.isOpen()) {
            try {
                buf.clear();
                channel.receive(buf);
                buf.flip();
                String reply = StandardCharsets.ISO_8859_1.decode(buf).toString().strip();
                int sp = reply.indexOf(' ');
                if (sp <= 0) continue;
                Pending p = pending.remove(reply.substring(0, sp));
                if (p != null) p.reply().complete(reply.substring(sp + 1).strip());
            } catch (java.nio.channels.ClosedChannelException e) {
                return;
            } catch (java.net.PortUnreachableException e) {
                // Nobody listens there (the relay process is gone): fail what waits now, not at its timeout.
                pending.keySet().forEach(k -> {
                    Pending p = pending.remove(k);
                    if (p != null) p.reply().completeExceptionally(e);
                });
            } catch (IOException e) {
                log.debug("event=relay-read-error relay={} reason=\"{}\"", relay, e.toString()); // port unreachable: the relay is down
            }
        }
    }

    @Override public void close() {
        sweeper.cancel(false);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing
        }
        pending.values().forEach(p -> p.reply().completeExceptionally(new IOException("link closed")));
    }
}
