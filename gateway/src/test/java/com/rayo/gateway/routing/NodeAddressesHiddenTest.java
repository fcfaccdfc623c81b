package com.rayo.gateway.routing;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.xml.XmlElement;

/** No node address reaches an application: not in JIDs, not in error texts, not in end texts. */
class NodeAddressesHiddenTest {
    final RoutingHarness h = new RoutingHarness(0, new OfferPolicies(new OfferPolicies.Policy(OfferPolicies.Mode.ROUND_ROBIN, Duration.ofSeconds(10)), Map.of()));
    final Jid r1 = h.resource("r1");
    String node;

    @BeforeEach void aCall() {
        h.node("node1.example", 1);
        node = h.dialled(r1, "c1");
    }

    static void assertNoNodeAddress(Stanza s) {
        String xml = s.element().toXml();
        assertFalse(xml.contains("node1.example"), xml);
        assertFalse(xml.contains("rayo-internal.example"), xml);
    }

    @Test void endTextsFromTheNodeAreCleaned() {
        h.nodeSide.onStanza(Stanza.presence(Jid.of("c1@" + node), h.domains.internalJid(), null, List.of(XmlElement.parse(
                "<end xmlns='urn:xmpp:rayo:1'><error>node1.example lost its SIP peer; ask rayo-internal.example about xmpp:c1@node1.example</error></end>"))));
        Stanza end = h.takeToApp();
        assertNoNodeAddress(end);
        assertTrue(end.payload().firstElement().text().contains("c1@rayo.example"), "call JIDs in the text still name the call: " + end.element());
    }

    @Test void errorTextsFromTheNodeAreCleaned() {
        h.fromApp(r1, "c1@rayo.example", "a1", "<answer xmlns='urn:xmpp:rayo:1'/>");
        Stanza answer = h.takeToNode();
        h.nodeSide.onStanza(new Stanza(XmlElement.builder("iq", Stanza.COMPONENT_NS).attr("type", "error").attr("id", answer.id())
                .attr("from", answer.to().toString()).attr("to", h.domains.internal())
                .child(XmlElement.parse("<error xmlns='jabber:component:accept' type='wait'><unexpected-request xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                        + "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>node1.example: call c1 is busy</text></error>")).build()));
        Stanza reply = h.takeToApp();
        assertTrue(reply.isError());
        assertNoNodeAddress(reply);
    }

    @Test void aLostNodesCallsEndWithoutNamingIt() {
        h.nodeSide.onStanza(Stanza.presence(Jid.domain(node), h.domains.internalJid(), "unavailable", List.of()));
        Stanza end = h.takeToApp();
        assertEquals("c1@rayo.example", end.from().toString());
        assertNoNodeAddress(end);
    }

    @Test void dialFailuresDoNotNameTheNode() {
        h.fromApp(r1, "rayo.example", "d2", "<dial xmlns='urn:xmpp:rayo:1' to='sip:bob@example.com'/>");
        h.takeToNode();
        h.scheduler.advance(Duration.ofSeconds(6));
        Stanza reply = h.takeToApp();
        assertTrue(reply.isError());
        assertNoNodeAddress(reply);
    }
}
