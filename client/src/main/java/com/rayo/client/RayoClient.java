package com.rayo.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

import com.rayo.client.packet.RayoExtension;
import com.rayo.client.packet.RayoIq;
import com.rayo.client.provider.RayoProviderRegistry;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.Dial;
import com.rayo.protocol.rayo.Offer;
import com.rayo.protocol.rayo.RayoElement;
import com.rayo.protocol.rayo.Ref;

/**
 * A Rayo application's connection: one XMPP user session (Smack) that announces itself
 * to the gateway, dials, receives offers and events per call, and sends commands.
 */
public final class RayoClient implements AutoCloseable {
    private final XMPPTCPConnection connection;
    private final DomainBareJid gateway;
    private final Map<String, RayoCall> calls = new ConcurrentHashMap<>();
    private final List<Consumer<RayoCall>> offerHandlers = new CopyOnWriteArrayList<>();
    private volatile Duration timeout = Duration.ofSeconds(10);

    private RayoClient(XMPPTCPConnection connection, DomainBareJid gateway) {
        this.connection = connection;
        this.gateway = gateway;
    }

    /** Connects, logs in, and sends available presence to the gateway. */
    public static RayoClient connect(Settings s) throws RayoException {
        RayoProviderRegistry.register();
        try {
            XMPPTCPConnectionConfiguration cfg = XMPPTCPConnectionConfiguration.builder()
                    .setXmppDomain(s.xmppDomain()).setHost(s.host()).setPort(s.port())
                    .setUsernameAndPassword(s.user(), s.password()).setResource(s.resource())
                    .setSecurityMode(SecurityMode.disabled).setSendPresence(false).build();
            XMPPTCPConnection c = new XMPPTCPConnection(cfg);
            c.setReplyTimeout(10_000);
            RayoClient client = new RayoClient(c, JidCreate.domainBareFrom(s.gatewayDomain()));
            c.addSyncStanzaListener(client::onPresence, StanzaTypeFilter.PRESENCE);
            c.addConnectionListener(new ConnectionListener() {
                @Override public void authenticated(XMPPConnection conn, boolean resumed) {
                    client.available(); // after every (re)login: the gateway learns of us again
                }
            });
            ReconnectionManager.getInstanceFor(c).enableAutomaticReconnection();
            c.connect().login();
            return client;
        } catch (XMPPException | SmackException | java.io.IOException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new RayoException(null, "cannot connect " + s.user() + "@" + s.xmppDomain() + " to " + s.host() + ":" + s.port() + ": " + e.getMessage());
        }
    }

    /** Where and as whom to connect; {@code gatewayDomain} is the gateway's external domain. */
    public record Settings(String host, int port, String xmppDomain, String user, String password, String resource, String gatewayDomain) { }

    public XMPPTCPConnection connection() { return connection; }
    public void setTimeout(Duration t) { timeout = t; }

    /** Directed available presence: the gateway offers calls to this resource. */
    public void available() {
        sendPresence(null);
    }

    /** Directed presence with a show ("away", "dnd", "xa" stop offers) or null for available. */
    public void sendPresence(Presence.Mode mode) {
        try {
            PresenceBuilder p = connection.getStanzaFactory().buildPresenceStanza().to(gateway).ofType(Presence.Type.available);
            p.setMode(mode == null ? Presence.Mode.chat : mode);
            connection.sendStanza(p.build());
        } catch (SmackException.NotConnectedException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
        }
    }

    public void onOffer(Consumer<RayoCall> handler) { offerHandlers.add(handler); }

    public RayoCall dial(String to, String from) throws RayoException {
        return dial(new Dial(to, from));
    }

    public RayoCall dial(Dial dial) throws RayoException {
        RayoElement result = request(gateway, dial);
        if (!(result instanceof Ref ref)) throw new RayoException(StanzaError.INTERNAL_SERVER_ERROR, "dial answered without a ref");
        return callFor(ref.jid().local());
    }

    public RayoCall call(String callId) { return calls.get(callId); }

    /**
     * The application's mixer of that name, as a party like a call: its events ({@code joined}/{@code unjoined}
     * and speaking, with call-uri), its presence, and verbs addressed to it ({@link RayoCall#output},
     * {@link RayoCall#record}). Mixer names are case-insensitive; the gateway speaks of them in lower case.
     */
    public RayoCall mixer(String name) { return callFor(name.toLowerCase(java.util.Locale.ROOT)); }

    /** Sends an IQ set with a Rayo payload; returns the result's Rayo element, if any. */
    public RayoElement request(Jid to, RayoElement payload) throws RayoException {
        return request(to, payload.toXml());
    }

    /** Sends an IQ set with any payload (extensions, simulator triggers). */
    public RayoElement request(Jid to, com.rayo.protocol.xml.XmlElement payload) throws RayoException {
        return request(to, payload, IQ.Type.set);
    }

    /** Sends an IQ of the given type (Rayo requests are sets; a get is for queries such as disco). */
    public RayoElement request(Jid to, com.rayo.protocol.xml.XmlElement payload, IQ.Type type) throws RayoException {
        RayoIq iq = new RayoIq(payload);
        iq.setType(type);
        iq.setTo(to);
        try {
            IQ response = connection.createStanzaCollectorAndSend(iq).nextResultOrThrow(timeout.toMillis());
            return response instanceof RayoIq r ? r.element() : null;
        } catch (XMPPException.XMPPErrorException e) {
            org.jivesoftware.smack.packet.StanzaError err = e.getStanzaError();
            throw new RayoException(StanzaError.fromCondition(err.getCondition().toString()), err.getDescriptiveText());
        } catch (SmackException.NoResponseException e) {
            throw new RayoException(StanzaError.REMOTE_SERVER_TIMEOUT, "no answer within " + timeout.toMillis() + " ms");
        } catch (SmackException.NotConnectedException | InterruptedException e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw new RayoException(StanzaError.SERVICE_UNAVAILABLE, "not connected");
        }
    }

    RayoElement command(RayoCall call, RayoElement command) throws RayoException {
        return request(call.jid(), command);
    }

    private RayoCall callFor(String callId) {
        return calls.computeIfAbsent(callId, id -> new RayoCall(this, id, JidCreate.entityBareFromOrThrowUnchecked(id + "@" + gateway)));
    }

    /** Events may arrive before the dial's ref: the call object is created by whichever comes first. */
    private void onPresence(Stanza stanza) {
        Presence p = (Presence) stanza;
        Jid from = p.getFrom();
        if (from == null || !from.asDomainBareJid().equals(gateway) || from.getLocalpartOrNull() == null) return;
        if (!from.hasResource() && p.getExtensions().stream().noneMatch(RayoExtension.class::isInstance)) {
            callFor(from.getLocalpartOrNull().toString()).presence(p.getType() == Presence.Type.available);
            return;
        }
        for (ExtensionElement ext : p.getExtensions()) {
            if (!(ext instanceof RayoExtension r) || r.element() == null) continue;
            if (from.hasResource()) {
                RayoCall call = calls.get(from.getLocalpartOrNull().toString());
                if (call != null) call.deliverToComponent(from.getResourceOrEmpty().toString(), r.element());
                continue;
            }
            RayoCall call = callFor(from.getLocalpartOrNull().toString());
            boolean isOffer = r.element() instanceof Offer;
            call.deliver(r.element());
            if (isOffer) for (Consumer<RayoCall> h : offerHandlers) h.accept(call);
            if (r.element() instanceof com.rayo.protocol.rayo.End) ended.add(new Ended(call, System.nanoTime()));
            forgetEndedCalls();
        }
    }

    /** A call that ended, and when: the client forgets it a minute later. */
    private record Ended(RayoCall call, long nanos) { }

    private final java.util.concurrent.ConcurrentLinkedQueue<Ended> ended = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /**
     * An ended call is the application's to keep (it holds the object); the client forgets it after a
     * minute — not at once, as a dial's answer may still be on its way to the thread that dialled — or
     * a long-running application would keep every call it ever had.
     */
    private void forgetEndedCalls() {
        long cutoff = System.nanoTime() - 60_000_000_000L;
        for (Ended e = ended.peek(); e != null && e.nanos() < cutoff; e = ended.peek()) {
            if (ended.remove(e)) calls.remove(e.call().id(), e.call());
        }
    }

    @Override public void close() {
        ReconnectionManager.getInstanceFor(connection).disableAutomaticReconnection();
        connection.disconnect();
    }
}
