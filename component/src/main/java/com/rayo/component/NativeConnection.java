package com.rayo.component;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.xml.SmackXmlParser;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.rayo.protocol.Stanza;
import com.rayo.protocol.xml.XmlElement;
import com.rayo.protocol.xml.XmlReader;

final class NativeConnection extends AbstractComponentConnection {
    private static final Logger log = LoggerFactory.getLogger(NativeConnection.class);
    private static final String STREAMS_NS = "http://etherx.jabber.org/streams";
    private static final long MIN_BACKOFF_MS = 100;
    private static final int HANDSHAKE_TIMEOUT_MS = 5000;
    private static final long MAX_BACKOFF_MS = 500; // Prosody back within 2 s must mean we are back within 2 s

    private final LinkedBlockingDeque<String> outbound;
    private final ScheduledExecutorService pinger;
    private volatile Socket socket;
    private volatile Writer writer;
    /** Connect attempts are failing in a row (the reader thread only). */
    private boolean failing;
    private Thread reader;
    private Thread writerThread;

    NativeConnection(ComponentSpec spec, ComponentHandler handler) {
        super(spec, handler, "rayo-ping-");
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

    @Override public void close() {
        markClosed();
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
    }

    private void readLoop() {
        long backoff = MIN_BACKOFF_MS;
        boolean waitingLogged = false;
        while (!closed) {
            if (!guard.mayConnect()) {
                // The guard's owner says why (the gateway's lease logs standby / acquired): a start waits here too.
                if (!waitingLogged) log.debug("component={} event=waiting-for-domain reason=\"not this process's to hold now\"", spec.domain());
                waitingLogged = true;
                if (!pause(MIN_BACKOFF_MS)) break;
                continue;
            }
            waitingLogged = false;
            String reason;
            try (Socket plain = new Socket()) {
                plain.setTcpNoDelay(true);
                plain.connect(new InetSocketAddress(spec.host(), spec.port()), 2000);
                // A server that never answers the header or the handshake must not hold this thread for ever
                // (a standby connecting just after the holder closed once waited there 60 s): time out and try again.
                plain.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
                Socket s = spec.tls() == null ? plain : spec.tls().wrap(plain, spec.host(), spec.port());
                socket = s;
                session(s);
                reason = "end of stream";
            } catch (StreamException e) {
                reason = e.getMessage();
                if (e.replaced) guard.replaced();
            } catch (IOException | XmlPullParserException | RuntimeException e) {
                reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            boolean wasConnected = connected;
            if (!wasConnected && !closed) {
                // The first failure of a streak is worth a line; the retries that follow are not.
                if (!failing) log.info("component={} event=connect-failed reason=\"{}\" (retrying)", spec.domain(), reason);
                else log.debug("component={} event=connect-failed reason=\"{}\"", spec.domain(), reason);
                failing = true;
            }
            writer = null;
            socket = null;
            markDisconnected(reason);
            if (wasConnected) backoff = MIN_BACKOFF_MS;
            if (closed || !pause(backoff)) break;
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /** Sleeps between attempts; false when closed meanwhile. */
    private boolean pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            // close() woke us
        }
        return !closed;
    }

    @Override public void release(String reason) {
        List<String> stale = new ArrayList<>();
        int dropped = outbound.drainTo(stale);
        stats.fenced.addAndGet(dropped);
        log.warn("component={} event=released reason=\"{}\" dropped-stanzas={}", spec.domain(), reason, dropped);
        Socket s = socket;
        if (s != null) closeQuietly(s); // the reader sees the close and waits for the guard
    }

    /** Runs one stream until it ends (returns) or breaks (throws). */
    private void session(Socket s) throws IOException, XmlPullParserException, StreamException {
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
        if (!first.name().equals("handshake")) {
            if (isConflict(first)) {
                log.warn("component={} event=handshake-conflict hint=\"the server keeps another connection for this domain; "
                        + "with standby gateways set component_conflict_resolve = 'kick_old' in Prosody\"", spec.domain());
            }
            throw new StreamException("handshake refused: " + describe(first));
        }
        s.setSoTimeout(0); // from here the ping watchdog tells a dead link
        failing = false;
        writer = w;
        markConnected("native");
        while (true) {
            XmlElement e = nextTopLevel(p);
            if (e == null) return;
            if (e.name().equals("error") && e.namespace().equals(STREAMS_NS)) {
                throw new StreamException("stream error: " + describe(e), isConflict(e));
            }
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

    /** A stream error saying another connection has (or takes) this domain. */
    private static boolean isConflict(XmlElement error) {
        return error.child("conflict", "urn:ietf:params:xml:ns:xmpp-streams") != null;
    }

    private static String describe(XmlElement error) {
        StringBuilder sb = new StringBuilder();
        for (XmlElement c : error.elements()) sb.append(sb.length() == 0 ? "" : " ").append(c.name().equals("text") ? "\"" + c.text() + "\"" : c.name());
        return sb.length() == 0 ? error.toXml() : sb.toString();
    }

    private void ping() {
        if (pingTimedOut()) {
            Socket s = socket;
            if (s != null) closeQuietly(s); // the reader sees the close and reconnects
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
                if (!guard.awaitMayAct()) { // not ours any more: nothing reaches the server
                    stats.fenced.addAndGet(batch.size());
                    batch.clear();
                    continue;
                }
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
