package com.rayo.component;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.whack.ExternalComponent;
import org.jivesoftware.whack.ExternalComponentManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xmpp.component.Component;
import org.xmpp.component.ComponentManager;
import org.xmpp.packet.JID;
import org.xmpp.packet.Packet;

import com.rayo.protocol.Stanza;

final class WhackConnection extends AbstractComponentConnection {
    private static final Logger log = LoggerFactory.getLogger(WhackConnection.class);
    private static final long RETRY_MS = 250;

    private final String subdomain;
    private final ScheduledExecutorService control;
    private final Deque<Stanza> pending = new ArrayDeque<>();
    private volatile ExternalComponent current;
    private volatile ExecutorService pool;

    WhackConnection(ComponentSpec spec, ComponentHandler handler) {
        super(spec, handler, "rayo-wping-");
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
        if (!guard.mayConnect()) {
            control.schedule(this::connectOnce, RETRY_MS, TimeUnit.MILLISECONDS);
            return;
        }
        ExternalComponentManager manager = new ExternalComponentManager(spec.host(), spec.port());
        manager.setServerName(spec.serverDomain());
        manager.setSecretKey(subdomain, spec.secret());
        ExecutorService single = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "whack-deliver-" + spec.domain());
            t.setDaemon(true);
            return t;
        });
        Bridge bridge = new Bridge();
        ExternalComponent ec = new ExternalComponent(bridge, manager, single);
        bridge.owner = ec;
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
        markConnected("whack");
        flushPending();
    }

    /** Whack misses a clean end of stream: a ping nobody answers means the link is gone. */
    private void watchdog() {
        if (pingTimedOut()) reconnect("ping timeout");
    }

    private void reconnect(String reason) {
        ExternalComponent old = current;
        current = null;
        markDisconnected(reason);
        if (old != null) {
            try {
                old.shutdown();
            } catch (RuntimeException ignored) {
                // the socket is already gone
            }
        }
        ExecutorService p = pool;
        if (p != null) p.shutdown();
        connectOnce();
    }

    @Override public void send(Stanza stanza) {
        ExternalComponent ec = current;
        if (ec == null || !connected) {
            synchronized (stateLock) {
                if (pending.size() >= spec.sendQueueLimit()) {
                    pending.pollFirst();
                    stats.dropped.incrementAndGet();
                }
                pending.addLast(stanza);
            }
            return;
        }
        if (!mayAct()) return;
        ec.send(Dom4jXml.toPacket(stanza));
        stats.sent.incrementAndGet();
    }

    @Override public void release(String reason) {
        synchronized (stateLock) {
            stats.fenced.addAndGet(pending.size());
            pending.clear();
        }
        log.warn("component={} event=released reason=\"{}\"", spec.domain(), reason);
        control.execute(() -> reconnect(reason));
    }

    private void flushPending() {
        while (true) {
            Stanza s;
            synchronized (stateLock) {
                s = pending.pollFirst();
            }
            if (s == null) return;
            send(s);
        }
    }

    @Override public void close() {
        markClosed();
        control.shutdownNow();
        ExternalComponent ec = current;
        connected = false;
        if (ec != null) ec.shutdown();
        ExecutorService p = pool;
        if (p != null) p.shutdownNow();
    }

    /** The component Whack drives; it only translates and hands on. */
    private final class Bridge implements Component {
        @Override public String getName() { return spec.domain(); }
        @Override public String getDescription() { return "rayo component " + spec.domain(); }
        @Override public void initialize(JID jid, ComponentManager componentManager) { }
        @Override public void start() { }

        /**
         * Whack calls this when it lost the link, then reconnects by itself without asking the
         * guard (and, with kick_old, would take the domain back from whoever replaced it). Its
         * own shutdown stops that loop; the reconnect goes through connectOnce, which asks.
         */
        @Override public void shutdown() {
            if (stopped) return;
            stopped = true;
            ExternalComponent ec = owner;
            if (ec != null) ec.shutdown();
            if (!closed) control.execute(() -> { if (current == ec) reconnect("link lost"); });
        }

        private volatile ExternalComponent owner;
        private volatile boolean stopped;

        @Override public void processPacket(Packet packet) {
            deliver(Dom4jXml.toStanza(packet.getElement()));
        }
    }
}
