package com.rayo.gateway.routing;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rayo.gateway.registry.Application;
import com.rayo.gateway.registry.CallRecord;
import com.rayo.gateway.registry.MixerRecord;
import com.rayo.gateway.registry.MixerRegistry;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.xml.XmlElement;

/**
 * Mixers through the gateway: names per application, the internal id nodes see, a join on the
 * call's own node or through a leg at the mixer's node, events from the mixer's JID rewritten
 * to the application's name, and node loss told to every participant's owner.
 */
class MixerRoutingTest {
    final RoutingHarness h = new RoutingHarness(2, new OfferPolicies(new OfferPolicies.Policy(OfferPolicies.Mode.ROUND_ROBIN, Duration.ofSeconds(10)), Map.of()));
    final Application other = new Application("other", "p", Jid.of("other@example"));
    final Jid mine = h.resource("r1");
    Jid theirs;
    String id;

    @BeforeEach void callsOnTwoNodes() {
        h.apps.register(other);
        theirs = h.resource(other, "r1");
        h.node("node1.example", 1);
        h.node("node2.example", 1);
        call("c1", "node1.example", h.app, mine);
        call("c2", "node2.example", h.app, mine);
        call("t1", "node1.example", other, theirs);
        id = MixerRegistry.idOf(h.app.jid(), "sales");
    }

    void call(String callId, String node, Application app, Jid owner) {
        h.calls.add(new CallRecord(callId, node, app.jid(), owner, CallRecord.Direction.OUTBOUND, 0));
    }

    void fromNode(String from, String type, String payloadXml) {
        h.nodeSide.onStanza(Stanza.presence(Jid.of(from), Jid.of(h.domains.internal()), type,
                payloadXml == null ? List.of() : List.of(XmlElement.parse(payloadXml))));
    }

    Stanza refused(Jid from, String to, String payload) {
        h.fromApp(from, to, "x", payload);
        Stanza reply = h.takeToApp();
        assertTrue(reply.isError(), "refused: " + reply.element());
        assertTrue(h.toNodes.isEmpty(), "nothing reached a node: " + h.toNodes);
        return reply;
    }

    /** c1 joins "Sales" on its own node, which creates the mixer there. */
    void c1Joins() {
        h.fromApp(mine, "c1@rayo.example", "j1", "<join xmlns='urn:xmpp:rayo:1' mixer-name='Sales'/>");
        Stanza join = h.takeToNode();
        assertEquals(Jid.of("c1@node1.example"), join.to(), "a plain join on the call's node: the first caller's node hosts the mixer");
        assertEquals(id, join.payload().attr("mixer-name"), "nodes see the gateway's id, not the application's name");
        assertTrue(id.startsWith("m") && id.endsWith("-sales") && !id.contains("node"), id);
        h.nodeAnswers(join, null);
        assertTrue(h.takeToApp().isType("result"));
        fromNode(id + "@node1.example", null, null);
        fromNode(id + "@node1.example", null, "<joined xmlns='urn:xmpp:rayo:1' call-uri='xmpp:c1@node1.example'/>");
        fromNode("c1@node1.example", null, "<joined xmlns='urn:xmpp:rayo:1' mixer-name='" + id + "'/>");
    }

    @Test void aJoinCreatesTheApplicationsMixerAndItsEventsComeFromItsName() {
        c1Joins();
        Stanza presence = h.takeToApp();
        assertEquals(Jid.of("sales@rayo.example"), presence.from(), "the mixer's JID is the application's name at the gateway");
        assertEquals(mine, presence.to());
        Stanza joined = h.takeToApp();
        assertEquals(Jid.of("sales@rayo.example"), joined.from());
        assertEquals("xmpp:c1@rayo.example", joined.payload().attr("call-uri"), "the participant as the application knows it");
        Stanza callJoined = h.takeToApp();
        assertEquals(Jid.of("c1@rayo.example"), callJoined.from());
        assertEquals("sales", callJoined.payload().attr("mixer-name"), "the name, never the id");
        MixerRecord m = h.mixers.find(id);
        assertEquals(Map.of("c1", "duplex"), m.participants());
        assertEquals("no component x on mixer sales", h.ctx.hideInternal("no component x on mixer " + id), "a node's text names the mixer as the application does");

        fromNode(id + "@node1.example", null, "<started-speaking xmlns='urn:xmpp:rayo:1' call-uri='xmpp:c1@node1.example'/>");
        Stanza speaking = h.takeToApp();
        assertEquals("started-speaking", speaking.payload().name());
        assertEquals("xmpp:c1@rayo.example", speaking.payload().attr("call-uri"));
        assertTrue(m.isSpeaking("c1"));

        // An output to the mixer goes to its node, under its id; the ref names the mixer.
        h.fromApp(mine, "sales@rayo.example", "o1", "<output xmlns='urn:xmpp:rayo:output:1'><document content-type='text/plain'>hi</document></output>");
        Stanza output = h.takeToNode();
        assertEquals(Jid.of(id + "@node1.example"), output.to());
        h.nodeAnswers(output, XmlElement.parse("<ref xmlns='urn:xmpp:rayo:1' uri='xmpp:" + id + "@node1.example/out1'/>"));
        assertEquals("xmpp:sales@rayo.example/out1", h.takeToApp().payload().attr("uri"));
        assertEquals(List.of("output out1"), m.components());
    }

    @Test void aCallOnAnotherNodeJoinsThroughALegAtTheMixersNode() {
        c1Joins();
        h.toApps.clear();
        h.fromApp(mine, "c2@rayo.example", "j2", "<join xmlns='urn:xmpp:rayo:1' mixer-name='sales' direction='recv'/>");
        Stanza leg = h.takeToNode();
        assertEquals(Jid.of(id + "@node1.example"), leg.to(), "first a leg at the mixer");
        assertEquals("mixer-leg", leg.payload().name());
        assertEquals("xmpp:c2@node2.example", leg.payload().attr("call-uri"));
        assertEquals("recv", leg.payload().attr("direction"));
        h.nodeAnswers(leg, XmlElement.parse("<mixer-leg xmlns='urn:xmpp:rayo:cluster:1' host='127.0.0.1' port='40000'/>"));
        Stanza connect = h.takeToNode();
        assertEquals(Jid.of("c2@node2.example"), connect.to(), "then the call connected to it");
        assertEquals(id, connect.payload().attr("mixer-name"));
        assertEquals("40000", connect.payload().attr("port"));
        assertTrue(h.toApps.isEmpty(), "the application waits for both steps");
        h.nodeAnswers(connect, null);
        assertTrue(h.takeToApp().isType("result"));
        fromNode(id + "@node1.example", null, "<joined xmlns='urn:xmpp:rayo:1' call-uri='xmpp:c2@node2.example'/>");
        assertEquals("recv", h.mixers.find(id).participants().get("c2"), "with the direction it asked for");

        // The call's node reports it unjoined: its leg at the mixer goes.
        h.toApps.clear();
        fromNode("c2@node2.example", null, "<unjoined xmlns='urn:xmpp:rayo:1' mixer-name='" + id + "'/>");
        Stanza drop = h.takeToNode();
        assertEquals(Jid.of(id + "@node1.example"), drop.to());
        assertEquals("unjoin", drop.payload().name());
        assertEquals("xmpp:c2@node2.example", drop.payload().attr("call-uri"));
        assertEquals("sales", h.takeToApp().payload().attr("mixer-name"));
    }

    @Test void aLegThatCannotConnectIsRemovedAndTheCallIsFreeAgain() {
        c1Joins();
        h.fromApp(mine, "c2@rayo.example", "j2", "<join xmlns='urn:xmpp:rayo:1' mixer-name='sales'/>");
        h.nodeAnswers(h.takeToNode(), XmlElement.parse("<mixer-leg xmlns='urn:xmpp:rayo:cluster:1' host='127.0.0.1' port='40000'/>"));
        h.toApps.clear();
        h.nodeFails(h.takeToNode(), "unexpected-request");
        assertEquals("unjoin", h.takeToNode().payload().name(), "the leg at the mixer is dropped");
        assertEquals(StanzaError.UNEXPECTED_REQUEST, h.takeToApp().errorCondition(), "the node's reason reaches the application");
        assertNull(h.mixers.mixerOf("c2"), "the call may try again");
    }

    @Test void badJoinsAreRefusedWithTheReason() {
        c1Joins();
        h.toApps.clear();
        assertEquals(StanzaError.CONFLICT, refused(mine, "c1@rayo.example", "<join xmlns='urn:xmpp:rayo:1' mixer-name='sales'/>").errorCondition(), "a second join");
        Stanza notIn = refused(mine, "c2@rayo.example", "<unjoin xmlns='urn:xmpp:rayo:1' mixer-name='sales'/>");
        assertEquals(StanzaError.ITEM_NOT_FOUND, notIn.errorCondition());
        assertEquals("call c2 is not joined to mixer sales", notIn.errorText());
        assertEquals(StanzaError.BAD_REQUEST, refused(mine, "c2@rayo.example", "<join xmlns='urn:xmpp:rayo:1' mixer-name='two words'/>").errorCondition());
        assertEquals(StanzaError.BAD_REQUEST, refused(mine, "c2@rayo.example",
                "<join xmlns='urn:xmpp:rayo:1' mixer-name='6f1c2a3b-1111-4222-8333-444455556666'/>").errorCondition(), "a name shaped like a call id");
        assertEquals(StanzaError.BAD_REQUEST, refused(mine, "c2@rayo.example",
                "<mixer-leg xmlns='urn:xmpp:rayo:cluster:1' mixer-name='" + id + "' host='10.0.0.1' port='4000'/>").errorCondition(), "the gateway's own commands");
        assertEquals(StanzaError.BAD_REQUEST, refused(mine, "sales@rayo.example", "<hangup xmlns='urn:xmpp:rayo:1'/>").errorCondition(), "not a mixer command");
        assertEquals(StanzaError.BAD_REQUEST, refused(mine, "rayo.example",
                "<dial xmlns='urn:xmpp:rayo:1' to='sip:bob@example.com'><join mixer-name='sales'/><join mixer-name='other'/></dial>").errorCondition());
        assertEquals(StanzaError.NOT_ACCEPTABLE, refused(mine, "rayo.example",
                "<dial xmlns='urn:xmpp:rayo:1' to='sip:bob@example.com'><join mixer-name='sales'/><join call-uri='xmpp:c1@rayo.example'/></dial>").errorCondition());
        // Another application: its "sales" is not this one, and this mixer does not exist for it.
        Stanza notTheirs = refused(theirs, "sales@rayo.example", "<output xmlns='urn:xmpp:rayo:output:1'><document content-type='text/plain'>hi</document></output>");
        assertEquals(StanzaError.ITEM_NOT_FOUND, notTheirs.errorCondition());
        h.fromApp(theirs, "t1@rayo.example", "j", "<join xmlns='urn:xmpp:rayo:1' mixer-name='sales'/>");
        Stanza theirJoin = h.takeToNode();
        assertNotEquals(id, theirJoin.payload().attr("mixer-name"), "two tenants' sales are two mixers");
        assertEquals(MixerRegistry.idOf(other.jid(), "sales"), theirJoin.payload().attr("mixer-name"));
    }

    @Test void aDialsNestedJoinOfAMixerIsTheGatewaysToDoOnceTheCallIsAnswered() {
        c1Joins();
        h.toApps.clear();
        h.fromApp(mine, "rayo.example", "d1", "<dial xmlns='urn:xmpp:rayo:1' to='sip:bob@example.com'><join mixer-name='sales' direction='send'/></dial>");
        Stanza dial = h.takeToNode();
        assertTrue(dial.payload().elements().isEmpty(), "the node never sees the application's mixer name: " + dial.payload());
        h.nodeAnswers(dial, XmlElement.parse("<ref xmlns='urn:xmpp:rayo:1' uri='xmpp:d1@" + dial.to().domain() + "'/>"));
        assertTrue(h.takeToApp().isType("result"));
        assertTrue(h.toNodes.isEmpty(), "nothing to join before the answer");
        fromNode("d1@" + dial.to().domain(), null, "<answered xmlns='urn:xmpp:rayo:1'/>");
        Stanza next = h.takeToNode();
        if (dial.to().domain().equals("node1.example")) {
            assertEquals(Jid.of("d1@node1.example"), next.to());
            assertEquals(id, next.payload().attr("mixer-name"));
            assertEquals("send", next.payload().attr("direction"));
        } else {
            assertEquals(Jid.of(id + "@node1.example"), next.to(), "a leg at the mixer's node");
            assertEquals("send", next.payload().attr("direction"));
        }
        assertEquals(id, h.mixers.mixerOf("d1"));
        h.nodeFails(next, "unexpected-request");
        Stanza told = h.toApps.stream().filter(st -> st.from().equals(Jid.of("d1@rayo.example"))).reduce((x, y) -> y).orElseThrow();
        assertEquals("unjoined", told.payload().name(), "a failed nested join reaches the owner as unjoined");
        assertTrue(told.payload().child("reason", "urn:xmpp:rayo:cluster:1").text().contains("unexpected-request"));
        assertNull(h.mixers.mixerOf("d1"));
    }

    @Test void whenTheMixersNodeIsLostEveryOwnerHearsUnjoinedWithTheReason() {
        c1Joins();
        h.fromApp(mine, "c2@rayo.example", "j2", "<join xmlns='urn:xmpp:rayo:1' mixer-name='sales'/>");
        h.nodeAnswers(h.takeToNode(), XmlElement.parse("<mixer-leg xmlns='urn:xmpp:rayo:cluster:1' host='127.0.0.1' port='40000'/>"));
        h.nodeAnswers(h.takeToNode(), null);
        fromNode(id + "@node1.example", null, "<joined xmlns='urn:xmpp:rayo:1' call-uri='xmpp:c2@node2.example'/>");
        h.toApps.clear();
        h.toNodes.clear();

        fromNode("node1.example", "unavailable", null);
        Stanza forC2 = h.toApps.stream().filter(s -> s.from().equals(Jid.of("c2@rayo.example"))).findFirst().orElseThrow();
        assertEquals("unjoined", forC2.payload().name());
        assertEquals("sales", forC2.payload().attr("mixer-name"));
        String reason = forC2.payload().child("reason", "urn:xmpp:rayo:cluster:1").text();
        assertTrue(reason.startsWith("the mixer's node was lost") && !reason.contains("node1.example"), reason);
        assertTrue(h.toApps.stream().anyMatch(s -> s.from().equals(Jid.of("c1@rayo.example")) && "unjoined".equals(s.payload() == null ? null : s.payload().name())),
                "the participant on the lost node too");
        assertTrue(h.toApps.stream().anyMatch(s -> s.from().equals(Jid.of("sales@rayo.example")) && s.isType("unavailable")), "the mixer is gone");
        assertTrue(h.toNodes.stream().anyMatch(s -> s.to().equals(Jid.of("c2@node2.example")) && s.payload().name().equals("unjoin")),
                "the survivor's node drops its trunk");
        assertNull(h.mixers.find(id));
        h.toApps.clear();
        fromNode("c2@node2.example", null, "<unjoined xmlns='urn:xmpp:rayo:1' mixer-name='" + id + "'/>");
        assertTrue(h.toApps.isEmpty(), "its unjoined was told already: not twice");
    }
}
