package com.rayo.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jxmpp.jid.Jid;

import com.rayo.protocol.rayo.Dtmf;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Input;
import com.rayo.protocol.rayo.MediaControl;
import com.rayo.protocol.rayo.Output;
import com.rayo.protocol.rayo.Prompt;
import com.rayo.protocol.rayo.Record;
import com.rayo.protocol.rayo.Join;
import com.rayo.protocol.rayo.JoinTarget;
import com.rayo.protocol.rayo.Offer;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.Redirect;
import com.rayo.protocol.rayo.Reject;
import com.rayo.protocol.rayo.Signal;
import com.rayo.protocol.rayo.XmppUri;

/** One call as an application sees it: its events in arrival order, and the commands it takes. */
public final class RayoCall {
    private final RayoClient client;
    private final String id;
    private final Jid jid;
    private final LinkedBlockingQueue<RayoElement> inbox = new LinkedBlockingQueue<>();
    private final List<RayoElement> history = new CopyOnWriteArrayList<>();
    private final List<Consumer<RayoElement>> listeners = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, RayoComponent> components = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile Offer offer;
    private volatile End end;
    /** A mixer's presence: null until told, then whether it exists. */
    private volatile Boolean available;

    RayoCall(RayoClient client, String id, Jid jid) {
        this.client = client;
        this.id = id;
        this.jid = jid;
    }

    public String id() { return id; }
    public Jid jid() { return jid; }
    public String uri() { return "xmpp:" + jid; }
    public Offer offer() { return offer; }
    public End end() { return end; }
    public boolean isEnded() { return end != null; }
    public List<RayoElement> events() { return List.copyOf(history); }

    public void onEvent(Consumer<RayoElement> listener) { listeners.add(listener); }

    /** Presence without a Rayo payload from this JID (a mixer announcing itself or going away). */
    synchronized void presence(boolean available) {
        this.available = available;
        notifyAll();
    }

    /** Waits until the JID's presence says {@code available}; false on timeout. */
    public synchronized boolean awaitPresence(boolean available, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Boolean.valueOf(available).equals(this.available)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    void deliver(RayoElement event) {
        if (event instanceof Offer o) offer = o;
        if (event instanceof End e) end = e;
        history.add(event);
        inbox.add(event);
        for (Consumer<RayoElement> l : listeners) l.accept(event);
    }

    /** Waits for the next event of a type, skipping others; null on timeout. */
    public <T extends RayoElement> T await(Class<T> type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            RayoElement e = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) return null;
            if (type.isInstance(e)) return type.cast(e);
        }
    }

    public Signal awaitSignal(Signal.Type type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Signal s = await(Signal.class, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (s == null || s.type() == type) return s;
        }
    }

    public void accept() throws RayoException { client.command(this, Signal.of(Signal.Type.ACCEPT)); }
    public void answer() throws RayoException { client.command(this, Signal.of(Signal.Type.ANSWER)); }
    public void hangup() throws RayoException { client.command(this, Signal.of(Signal.Type.HANGUP)); }
    public void reject(Reject.Reason reason) throws RayoException { client.command(this, new Reject(reason, List.of())); }
    public void redirect(String to) throws RayoException { client.command(this, new Redirect(to, List.of())); }
    public void join(RayoCall other) throws RayoException { client.command(this, Join.call(other.uri())); }
    public void unjoin(RayoCall other) throws RayoException { client.command(this, new JoinTarget(JoinTarget.Type.UNJOIN, other.uri(), null)); }

    /** Joins the application's mixer of that name (created on first join); direction duplex, send or recv (null: duplex). */
    public void join(String mixerName, String direction) throws RayoException { client.command(this, new Join(direction, null, null, mixerName)); }
    public void unjoin(String mixerName) throws RayoException { client.command(this, new JoinTarget(JoinTarget.Type.UNJOIN, null, mixerName)); }

    /** Any command (output, record…); returns the result payload's element, if any. */
    public RayoElement send(RayoElement command) throws RayoException { return client.command(this, command); }

    public RayoComponent output(Output output) throws RayoException { return start(output); }
    public RayoComponent input(Input input) throws RayoException { return start(input); }
    public RayoComponent prompt(Prompt prompt) throws RayoException { return start(prompt); }
    public RayoComponent record(Record record) throws RayoException { return start(record); }

    /** Sends RFC 4733 digits to the far end. */
    public void dtmf(String tones) throws RayoException { client.command(this, Dtmf.tones(tones)); }
    public void mute() throws RayoException { client.command(this, new MediaControl(MediaControl.Type.MUTE)); }
    public void unmute() throws RayoException { client.command(this, new MediaControl(MediaControl.Type.UNMUTE)); }
    public void hold() throws RayoException { client.command(this, new MediaControl(MediaControl.Type.HOLD)); }
    public void unhold() throws RayoException { client.command(this, new MediaControl(MediaControl.Type.UNHOLD)); }

    /** Starts a verb: the component, whose events (and {@code complete}) arrive on it. */
    public RayoComponent start(RayoElement verb) throws RayoException {
        RayoElement result = client.command(this, verb);
        if (!(result instanceof com.rayo.protocol.rayo.Ref ref) || ref.jid() == null || ref.jid().resource() == null) {
            throw new RayoException(com.rayo.protocol.StanzaError.INTERNAL_SERVER_ERROR, "<" + verb.toXml().name() + "> answered without a component ref");
        }
        return components.computeIfAbsent(ref.jid().resource(), id -> new RayoComponent(client, this, id)).startedBy(verb);
    }

    public RayoComponent component(String id) { return components.get(id); }

    /** A component's event; one that arrives before the start's answer waits for its component object. */
    void deliverToComponent(String componentId, RayoElement event) {
        components.computeIfAbsent(componentId, id -> new RayoComponent(client, this, id)).deliver(event);
    }

    static String idOf(String uri) {
        com.rayo.protocol.Jid j = XmppUri.toJid(uri);
        return j == null ? null : j.local();
    }
}
