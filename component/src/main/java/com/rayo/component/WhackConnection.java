package com.rayo.component;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jivesoftware.whack.ExternalComponent;
import org.jivesoftware.whack.ExternalComponentManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.xml.XmlElement;

final class WhackConnection implements ComponentConnection {
    private static final Logger log = LoggerFactory.getLogger(WhackConnection.class);
    private static final String PING_ID_PREFIX = "rayo-wping-";
    private static final long RETRY_MS = 250;

    private final ComponentSpec spec;
    private final ComponentHandler handler;
    private final String subdomain;
    private final TransportStats stats = new TransportStats();
    private final AtomicLong pingSeq = new AtomicLong();
    private final ScheduledExecutorService control;
    private final Object lock = new Object();
    private final Deque<Stanza> pending = new ArrayDeque<>();
    private volatile ExternalComponent current;
    private volatile ExecutorService pool;
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile long pingSentNanos;

    WhackConnection(ComponentSpec spec, ComponentHandler handler) {
        this.spec = spec;
        this.handler = handler;
        if (spec.serverDomain() == null || !spec.domain().endsWith("." + spec.serverDomain())) {
            throw new IllegalArgumentException("Whack needs the component domain " + spec.domain() + " to be a subdomain of the server domain " + spec.serverDomain());
        }
        this.subdomain = spec.domain().substring(0, spec.domain().length() - spec.serverDomain().length() - 1);
        this.control = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "whack-control-" + spec.domain());
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        control.execute(this::connectOnce);
        long ms = Math.max(100, spec.pingInterval().toMillis());
        control.scheduleWithFixedDelay(this::watchdog, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void connectOnce() {
        if (closed || connected) return;
        ExternalComponentManager manager = new ExternalComponentManager(spec.host(), spec.port());
        manager.setServerName(spec.serverDomain());
        manager.setSecretKey(subdomain, spec.secret());
        ExecutorService single = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "whack-deliver-" + spec.domain());
            t.setDaemon(true);
            return t;
        });
        ExternalComponent ec = new ExternalComponent(new Bridge(), manager, single);
        try {
            ec.connect(spec.host(), spec.port(), subdomain, false);
            ec.initialize(new JID(null, ec.getDomain(), null), manager);
            ec.start();
        } catch (Exception e) {
            single.shutdownNow();
            log.debug("component={} event=connect-failed transport=whack reason=\"{}\"", spec.domain(), e.getMessage());
            if (!closed) control.schedule(this::connectOnce, RETRY_MS, TimeUnit.MILLISECONDS);
            return;
        }
        pool = single;
        current = ec;
        pingSentNanos = 0;
        synchronized (lock) {
            if (stats.received.get() > 0 || stats.sent.get() > 0) stats.reconnects.incrementAndGet();
            connected = true;
            lock.notifyAll();
        }
        log.info("component={} event=connected transport=whack", spec.domain());
        try {
            handler.onConnected();
        } catch (RuntimeException e) {
            log.warn("component={} event=handler-failed phase=connected", spec.domain(), e);
        }
        flushPending();
    }

    /** Whack misses a clean end of stream: a ping nobody answers means the link is gone. */
    private void watchdog() {
        if (closed || !connected) return;
        long sent = pingSentNanos;
        if (sent != 0) {
            if (System.nanoTime() - sent > spec.pingTimeout().toNanos()) reconnect("ping timeout");
            return;
        }
        pingSentNanos = System.nanoTime();
        send(Stanza.iq("get", Jid.domain(spec.domain()), Jid.domain(spec.serverDomain()), PING_ID_PREFIX + pingSeq.incrementAndGet(),
                XmlElement.builder("ping", InboundFilter.PING_NS).build()));
    }

    private void reconnect(String reason) {
        ExternalComponent old = current;
        synchronized (lock) {
            connected = false;
            current = null;
            lock.notifyAll();
        }
        log.warn("component={} event=disconnected transport=whack reason=\"{}\"", spec.domain(), reason);
        if (old != null) {
            try {
                old.shutdown();
            } catch (RuntimeException ignored) {
                // the socket is already gone
            }
        }
        ExecutorService p = pool;
        if (p != null) p.shutdown();
        try {
            handler.onDisconnected(reason);
        } catch (RuntimeException e) {
            log.warn("component={} event=handler-failed phase=disconnected", spec.domain(), e);
        }
        connectOnce();
    }

    @Override public String domain() { return spec.domain(); }
    @Override public boolean isConnected() { return connected; }
    @Override public TransportStats stats() { return stats; }

    @Override public void send(Stanza stanza) {
        ExternalComponent ec = current;
        if (ec == null || !connected) {
            synchronized (lock) {
                if (pending.size() >= spec.sendQueueLimit()) {
                    pending.pollFirst();
                    stats.dropped.incrementAndGet();
                }
                pending.addLast(stanza);
            }
            return;
        }
        ec.send(Dom4jXml.toPacket(stanza));
        stats.sent.incrementAndGet();
    }

    private void flushPending() {
        while (true) {
            Stanza s;
            synchronized (lock) {
                s = pending.pollFirst();
            }
            if (s == null) return;
            send(s);
        }
    }

    @Override public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!connected && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
        }
        return connected;
    }

    @Override public void close() {
        closed = true;
        control.shutdownNow();
        ExternalComponent ec = current;
        connected = false;
        if (ec != null) ec.shutdown();
        ExecutorService p = pool;
        if (p != null) p.shutdownNow();
        synchronized (lock) { lock.notifyAll(); }
    }

    /** The component Whack drives; it only translates and hands on. */
    private final class Bridge implements Component {
        @Override public String getName() { return spec.domain(); }
        @Override public String getDescription() { return "rayo component " + spec.domain(); }
        @Override public void initialize(JID jid, ComponentManager componentManager) { }
        @Override public void start() { }
        @Override public void shutdown() { }

        @Override public void processPacket(Packet packet) {
            stats.received.incrementAndGet();
            Stanza s = Dom4jXml.toStanza(packet.getElement());
            String id = s.id();
            if (id != null && id.startsWith(PING_ID_PREFIX) && s.isResponse()) {
                pingSentNanos = 0;
                return;
            }
            InboundFilter.Verdict v = InboundFilter.check(s, spec.maxStanzaBytes(), stats);
            if (v.reply() != null) send(v.reply());
            if (!v.deliver()) return;
            try {
                handler.onStanza(s);
            } catch (RuntimeException e) {
                log.warn("component={} event=handler-failed stanza-id={}", spec.domain(), id, e);
            }
        }
    }
}
