package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.client.packet.RayoExtension;
import com.rayo.client.packet.RayoIq;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.NodeInfo;
import com.rayo.protocol.rayo.Signal;
import com.rayo.protocol.xml.XmlElement;

/** Who may see and control what, and what malformed input gets back. */
class SecurityTest extends ClusterTest {
    @Test void anotherApplicationCannotControlOrSeeTheCall() throws Exception {
        RayoClient owner = cluster.client("demo", "sec1");
        RayoClient intruder = cluster.client("other", "sec1");
        java.util.List<String> intruderSaw = record(intruder);
        RayoCall call = owner.dial("sip:alice@example.com", null);
        assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT));
        RayoException e = assertThrows(RayoException.class, () -> intruder.request(call.jid(), Signal.of(Signal.Type.HANGUP)));
        assertEquals(StanzaError.ITEM_NOT_FOUND, e.condition(), "no leak of the call's existence");
        RayoException unknown = assertThrows(RayoException.class, () -> intruder.request(JidCreate.from("nosuchcall@rayo.localhost"), Signal.of(Signal.Type.HANGUP)));
        assertEquals(e.getMessage().replace(call.id(), "X"), unknown.getMessage().replace("nosuchcall", "X"), "same answer for foreign and missing calls");
        call.hangup();
        assertNotNull(call.await(com.rayo.protocol.rayo.End.class, WAIT));
        assertTrue(intruderSaw.stream().filter(x -> x.startsWith("<presence")).noneMatch(x -> x.contains(call.id())), "the other application saw no event of the call");
    }

    @Test void anotherResourceOfTheOwnerGetsConflict() throws Exception {
        RayoClient owner = cluster.client("demo", "lockA");
        RayoClient sibling = cluster.client("demo", "lockB");
        RayoCall call = owner.dial("sip:alice@example.com", null);
        assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT));
        RayoException e = assertThrows(RayoException.class, () -> sibling.request(call.jid(), Signal.of(Signal.Type.HANGUP)));
        assertEquals(StanzaError.CONFLICT, e.condition());
        call.hangup();
    }

    @Test void malformedAndUnknownPayloadsGetStanzaErrorsThatSayWhy() throws Exception {
        RayoClient app = cluster.client("demo", "bad");
        assertRefused(app, "<dial xmlns='urn:xmpp:rayo:1' from='sip:x@y'/>", StanzaError.BAD_REQUEST, "needs a 'to'");
        assertRefused(app, "<dial xmlns='urn:xmpp:rayo:1' to='sip:x@y' timeout='soon'/>", StanzaError.BAD_REQUEST, "must be an integer");
        assertRefused(app, "<teleport xmlns='urn:xmpp:rayo:1'/>", StanzaError.FEATURE_NOT_IMPLEMENTED, "unknown Rayo element");
        assertRefused(app, "<query xmlns='urn:example:nothing'/>", StanzaError.SERVICE_UNAVAILABLE, "urn:example:nothing");
        assertRefused(app, "<hangup xmlns='urn:xmpp:rayo:1'/>", StanzaError.BAD_REQUEST, "goes to a call");
        // and the gateway still serves
        assertNotNull(app.dial("sip:still@example.com", null).awaitSignal(Signal.Type.ANSWERED, WAIT));
    }

    @Test void oversizedStanzaIsRefusedAndOthersAreServed() throws Exception {
        RayoClient app = cluster.client("demo", "big");
        String huge = "<dial xmlns='urn:xmpp:rayo:1' to='sip:x@y'><header name='X-Big' value='" + "a".repeat(100_000) + "'/></dial>";
        assertRefused(app, huge, StanzaError.POLICY_VIOLATION, "larger than");
        assertNotNull(app.dial("sip:after@example.com", null).awaitSignal(Signal.Type.ANSWERED, WAIT));
    }

    @Test void unregisteredJidIsForbiddenOnEveryStanza() throws Exception {
        cluster.prosody().addUser("stranger", "pw");
        RayoClient stranger = RayoClient.connect(new RayoClient.Settings("127.0.0.1", cluster.layout().c2sPort(), "localhost", "stranger", "pw", "s", "rayo.localhost"));
        try {
            RayoException e = assertThrows(RayoException.class, () -> stranger.dial("sip:x@example.com", null));
            assertEquals(StanzaError.FORBIDDEN, e.condition());
            assertTrue(e.getMessage().contains("not a registered Rayo application"), e.getMessage());
            assertFalse(cluster.gateway().applications().isConnected(com.rayo.protocol.Jid.of("stranger@localhost/s")));
        } finally {
            stranger.close();
        }
    }

    @Test void clientsCannotTalkToTheInternalDomain() throws Exception {
        RayoClient app = cluster.client("demo", "spoof");
        // A client posing as a node: presence with node-info to the internal domain.
        Presence fake = app.connection().getStanzaFactory().buildPresenceStanza().to(JidCreate.from("rayo-internal.localhost"))
                .addExtension(new RayoExtension(new NodeInfo("staging", 1000, 0, null, null))).build();
        app.connection().sendStanza(fake);
        RayoIq iq = new RayoIq(XmlElement.parse("<dial xmlns='urn:xmpp:rayo:1' to='sip:x@y'/>"));
        iq.setType(IQ.Type.set);
        iq.setTo(JidCreate.from("rayo-internal.localhost"));
        RayoException e = assertThrows(RayoException.class, () -> send(app, iq));
        assertEquals(StanzaError.FORBIDDEN, e.condition());
        assertEquals(2, cluster.gateway().nodes().all().size(), "no node registered by a client");
    }

    static void assertRefused(RayoClient app, String payload, StanzaError expected, String textPart) throws Exception {
        RayoIq iq = new RayoIq(XmlElement.parse(payload));
        iq.setType(IQ.Type.set);
        iq.setTo(JidCreate.from("rayo.localhost"));
        RayoException e = assertThrows(RayoException.class, () -> send(app, iq));
        assertEquals(expected, e.condition(), e.getMessage());
        assertTrue(e.getMessage().contains(textPart), e.getMessage());
    }

    static void send(RayoClient app, RayoIq iq) throws RayoException {
        try {
            app.connection().createStanzaCollectorAndSend(iq).nextResultOrThrow(5000);
        } catch (org.jivesoftware.smack.XMPPException.XMPPErrorException ex) {
            throw new RayoException(StanzaError.fromCondition(ex.getStanzaError().getCondition().toString()), ex.getStanzaError().getDescriptiveText());
        } catch (Exception ex) {
            throw new AssertionError(ex);
        }
    }
}
