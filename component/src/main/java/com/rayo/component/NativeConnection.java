package com.rayo.component;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jivesoftware.smack.xml.SmackXmlParser;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.xml.XmlElement;
import com.rayo.protocol.xml.XmlReader;

final class NativeConnection implements ComponentConnection {
    private static final Logger log = LoggerFactory.getLogger(NativeConnection.class);
    private static final String STREAMS_NS = "http://etherx.jabber.org/streams";
    private static final String PING_ID_PREFIX = "rayo-ping-";
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 500; // Prosody back within 2 s must mean we are back within 2 s

    private final ComponentSpec spec;
    private final ComponentHandler handler;
    private final TransportStats stats = new TransportStats();
    private final LinkedBlockingDeque<String> outbound;
    private final Object stateLock = new Object();
    private final AtomicLong pingSeq = new AtomicLong();
    private final ScheduledExecutorService pinger;
    private volatile Socket socket;
    private volatile Writer writer;
    private volatile boolean connected;
    private volatile boolean closed;
    private volatile long pingSentNanos;
    private Thread reader;
    private Thread writerThread;

    NativeConnection(ComponentSpec spec, ComponentHandler handler) {
        this.spec = spec;
        this.handler = handler;
        this.outbound = new LinkedBlockingDeque<>(spec.sendQueueLimit());
        this.pinger = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "comp-ping-" + spec.domain()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    void start() {
        reader = daemon(this::readLoop, "comp-read-" + spec.domain());
        writerThread = daemon(this::writeLoop, "comp-write-" + spec.domain());
        reader.start();
        writerThread.start();
        long ms = spec.pingInterval().toMillis();
        if (ms > 0) pinger.scheduleWithFixedDelay(this::ping, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override public String domain() { return spec.domain(); }
    @Override public boolean isConnected() { return connected; }
    @Override public TransportStats stats() { return stats; }

    @Override public void send(Stanza stanza) {
        StringBuilder sb = new StringBuilder(256);
        stanza.appendTo(sb);
        enqueue(sb.toString());
    }

    private void enqueue(String xml) {
        while (!outbound.offerLast(xml)) {
            if (outbound.pollFirst() != null) stats.dropped.incrementAndGet();
        }
    }

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

    @Override public void close() {
        closed = true;
        pinger.shutdownNow();
        Socket s = socket;
        if (s != null) {
            try {
                Writer w = writer;
                if (w != null) {
                    synchronized (w) {
                        w.write("</stream:stream>");
                        w.flush();
                    }
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            closeQuietly(s);
        }
        reader.interrupt();
        writerThread.interrupt();
        synchronized (stateLock) { stateLock.notifyAll(); }
    }

    private void readLoop() {
        long backoff = MIN_BACKOFF_MS;
        while (!closed) {
            String reason;
            boolean wasConnected = false;
            try (Socket s = new Socket()) {
                s.setTcpNoDelay(true);
                s.connect(new InetSocketAddress(spec.host(), spec.port()), 2000);
                socket = s;
                wasConnected = session(s);
                reason = "end of stream";
            } catch (IOException | XmlPullParserException | StreamException | RuntimeException e) {
                reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            boolean notify = connected && !closed; // our own close() is not news
            markDisconnected();
            if (notify) {
                log.warn("component={} event=disconnected reason=\"{}\"", spec.domain(), reason);
                try {
                    handler.onDisconnected(reason);
                } catch (RuntimeException e) {
                    log.warn("component={} event=handler-failed phase=disconnected", spec.domain(), e);
                }
            } else if (!closed) {
                log.debug("component={} event=connect-failed reason=\"{}\"", spec.domain(), reason);
            }
            if (wasConnected) backoff = MIN_BACKOFF_MS;
            if (closed) break;
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                if (closed) break;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /** Runs one stream; true when the handshake succeeded. */
    private boolean session(Socket s) throws IOException, XmlPullParserException, StreamException {
        Writer w = new BufferedWriter(new OutputStreamWriter(s.getOutputStream(), StandardCharsets.UTF_8), 64 * 1024);
        w.write("<?xml version='1.0'?><stream:stream xmlns='jabber:component:accept' xmlns:stream='" + STREAMS_NS + "' to='" + spec.domain() + "'>");
        w.flush();
        XmlPullParser p = SmackXmlParser.newXmlParser(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        String streamId = null;
        while (streamId == null) {
            XmlPullParser.Event ev = p.next();
            if (ev == XmlPullParser.Event.END_DOCUMENT) throw new StreamException("server closed the connection before the stream header");
            if (ev == XmlPullParser.Event.START_ELEMENT && p.getName().equals("stream")) {
                for (int i = 0; i < p.getAttributeCount(); i++) if (p.getAttributeName(i).equals("id")) streamId = p.getAttributeValue(i);
                if (streamId == null) throw new StreamException("stream header without id");
            }
        }
        w.write("<handshake>" + Handshake.digest(streamId, spec.secret()) + "</handshake>");
        w.flush();
        XmlElement first = nextTopLevel(p);
        if (first == null) throw new StreamException("server closed the stream during the handshake");
        if (!first.name().equals("handshake")) throw new StreamException("handshake refused: " + describe(first));
        writer = w;
        pingSentNanos = 0;
        synchronized (stateLock) {
            connected = true;
            stateLock.notifyAll();
        }
        if (stats.received.get() > 0 || stats.reconnects.get() > 0 || stats.sent.get() > 0) stats.reconnects.incrementAndGet();
        log.info("component={} event=connected transport=native", spec.domain());
        try {
            handler.onConnected();
        } catch (RuntimeException e) {
            log.warn("component={} event=handler-failed phase=connected", spec.domain(), e);
        }
        while (true) {
            XmlElement e = nextTopLevel(p);
            if (e == null) return true;
            if (e.name().equals("error") && e.namespace().equals(STREAMS_NS)) throw new StreamException("stream error: " + describe(e));
            deliver(new Stanza(e));
        }
    }

    /** The next child of the stream root, or null at the end of the stream. */
    private static XmlElement nextTopLevel(XmlPullParser p) throws IOException, XmlPullParserException {
        while (true) {
            switch (p.next()) {
                case START_ELEMENT: return XmlReader.read(p);
                case END_ELEMENT: case END_DOCUMENT: return null;
                default: break;
            }
        }
    }

    private static String describe(XmlElement error) {
        StringBuilder sb = new StringBuilder();
        for (XmlElement c : error.elements()) sb.append(sb.length() == 0 ? "" : " ").append(c.name().equals("text") ? "\"" + c.text() + "\"" : c.name());
        return sb.length() == 0 ? error.toXml() : sb.toString();
    }

    private void deliver(Stanza s) {
        stats.received.incrementAndGet();
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

    private void ping() {
        if (!connected || spec.serverDomain() == null) return;
        long sent = pingSentNanos;
        if (sent != 0) {
            if (System.nanoTime() - sent > spec.pingTimeout().toNanos()) {
                log.warn("component={} event=ping-timeout after-ms={}", spec.domain(), spec.pingTimeout().toMillis());
                Socket s = socket;
                if (s != null) closeQuietly(s); // the reader sees the close and reconnects
            }
            return;
        }
        pingSentNanos = System.nanoTime();
        send(Stanza.iq("get", Jid.domain(spec.domain()), Jid.domain(spec.serverDomain()), PING_ID_PREFIX + pingSeq.incrementAndGet(),
                XmlElement.builder("ping", InboundFilter.PING_NS).build()));
    }

    private void markDisconnected() {
        synchronized (stateLock) {
            connected = false;
            writer = null;
            socket = null;
            stateLock.notifyAll();
        }
    }

    private void writeLoop() {
        List<String> batch = new ArrayList<>(1024);
        while (!closed) {
            try {
                String first = outbound.takeFirst();
                batch.add(first);
                outbound.drainTo(batch, 4095);
                Writer w;
                synchronized (stateLock) {
                    while ((w = writer) == null && !closed) stateLock.wait(200);
                }
                if (w == null) break;
                try {
                    synchronized (w) {
                        for (String x : batch) w.write(x);
                        w.flush();
                    }
                    stats.sent.addAndGet(batch.size());
                } catch (IOException e) {
                    // The socket broke under us: keep the batch for the next connection.
                    for (int i = batch.size() - 1; i >= 0; i--) {
                        if (!outbound.offerFirst(batch.get(i))) stats.dropped.incrementAndGet();
                    }
                    Socket s = socket;
                    if (s != null) closeQuietly(s);
                }
                batch.clear();
            } catch (InterruptedException e) {
                if (closed) break;
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
