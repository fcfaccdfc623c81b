package com.rayo.component;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.xml.XmlElement;

/**
 * What every transport does the same way: connection state and waiting for it, telling
 * the handler about (re)connects, the server ping watchdog, and inbound delivery
 * (ping answers, oversized stanzas, handler failures). Subclasses only move bytes.
 */
abstract class AbstractComponentConnection implements ComponentConnection {
    private static final Logger log = LoggerFactory.getLogger(AbstractComponentConnection.class);

    protected final ComponentSpec spec;
    protected final ComponentHandler handler;
    protected final TransportStats stats = new TransportStats();
    protected final DomainGuard guard;
    protected final Object stateLock = new Object();
    private final String pingIdPrefix;
    private final AtomicLong pingSeq = new AtomicLong();
    private volatile long pingSentNanos;
    protected volatile boolean connected;
    protected volatile boolean closed;

    AbstractComponentConnection(ComponentSpec spec, ComponentHandler handler, String pingIdPrefix) {
        this.spec = spec;
        this.handler = handler;
        this.pingIdPrefix = pingIdPrefix;
        this.guard = spec.guard() != null ? spec.guard() : DomainGuard.untilReplaced();
    }

    @Override public String domain() { return spec.domain(); }
    @Override public boolean isConnected() { return connected; }
    @Override public TransportStats stats() { return stats; }

    @Override public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (stateLock) {
            while (!connected && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                TimeUnit.NANOSECONDS.timedWait(stateLock, left);
            }
        }
        return connected;
    }

    /** The handshake succeeded: wake waiters, tell the handler. */
    protected void markConnected(String transport) {
        pingSentNanos = 0;
        synchronized (stateLock) {
            if (stats.received.get() > 0 || stats.sent.get() > 0) stats.reconnects.incrementAndGet();
            connected = true;
            stateLock.notifyAll();
        }
        log.info("component={} event=connected transport={}", spec.domain(), transport);
        try {
            handler.onConnected();
        } catch (RuntimeException e) {
            log.warn("component={} event=handler-failed phase=connected", spec.domain(), e);
        }
    }

    /** The link is gone; the handler hears of it unless we closed it ourselves. */
    protected void markDisconnected(String reason) {
        boolean wasConnected;
        synchronized (stateLock) {
            wasConnected = connected;
            connected = false;
            stateLock.notifyAll();
        }
        if (!wasConnected || closed) return;
        log.warn("component={} event=disconnected reason=\"{}\"", spec.domain(), reason);
        try {
            handler.onDisconnected(reason);
        } catch (RuntimeException e) {
            log.warn("component={} event=handler-failed phase=disconnected", spec.domain(), e);
        }
    }

    protected void markClosed() {
        closed = true;
        synchronized (stateLock) { stateLock.notifyAll(); }
    }

    /**
     * One watchdog step, run every ping interval: sends a ping to the server, or returns
     * true when the previous one went unanswered for longer than the ping timeout.
     */
    protected boolean pingTimedOut() {
        if (closed || !connected || spec.serverDomain() == null) return false;
        long sent = pingSentNanos;
        if (sent != 0) {
            boolean late = System.nanoTime() - sent > spec.pingTimeout().toNanos();
            if (late) log.warn("component={} event=ping-timeout after-ms={}", spec.domain(), spec.pingTimeout().toMillis());
            return late;
        }
        pingSentNanos = System.nanoTime();
        send(Stanza.iq("get", Jid.domain(spec.domain()), Jid.domain(spec.serverDomain()), pingIdPrefix + pingSeq.incrementAndGet(),
                XmlElement.builder("ping", InboundFilter.PING_NS).build()));
        return false;
    }

    /** The guard's answer for one stanza; an interrupted wait counts as no. */
    protected boolean mayAct() {
        try {
            if (guard.awaitMayAct()) return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stats.fenced.incrementAndGet();
        return false;
    }

    /** Every inbound stanza, in stream order, from the transport's single delivering thread. */
    protected void deliver(Stanza s) {
        stats.received.incrementAndGet();
        String id = s.id();
        if (id != null && id.startsWith(pingIdPrefix) && s.isResponse()) {
            pingSentNanos = 0; // any answer, even an error, proves the link
            return;
        }
        InboundFilter.Verdict v = InboundFilter.check(s, spec.maxStanzaBytes(), stats);
        if (v.reply() != null) send(v.reply());
        if (!v.deliver() || !mayAct()) return;
        try {
            handler.onStanza(s);
        } catch (RuntimeException e) {
            log.warn("component={} event=handler-failed stanza-id={}", spec.domain(), id, e);
        }
    }
}
