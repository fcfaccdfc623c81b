package com.rayo.gateway.routing;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rayo.gateway.registry.RayoNode;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.RayoNamespaces;

/** Commands to a call and what the node's answers do to the call's record. */
class CommandForwarderTest {
    final RoutingHarness h = new RoutingHarness(2, new OfferPolicies(new OfferPolicies.Policy(OfferPolicies.Mode.ROUND_ROBIN, Duration.ofSeconds(10)), Map.of()));
    final Jid r1 = h.resource("r1");
    RayoNode node;

    @BeforeEach void aCallUpOnNode1() {
        node = h.node("node1.example", 1);
        h.fromApp(r1, "rayo.example", "d1", DialHandlerTest.DIAL);
        h.nodeAnswers(h.takeToNode(), DialHandlerTest.ref("c1", "node1.example"));
        assertEquals("result", h.takeToApp().type());
        assertEquals(1, node.activeCalls());
    }

    @Test void aCallItsNodeNoLongerHasEndsForItsOwner() {
        h.fromApp(r1, "c1@rayo.example", "h1", "<hangup xmlns='urn:xmpp:rayo:1'/>");
        h.nodeFails(h.takeToNode(), "item-not-found");
        Stanza answer = h.takeToApp();
        assertEquals("h1", answer.id());
        assertEquals(StanzaError.ITEM_NOT_FOUND, answer.errorCondition(), "the node's answer reaches the application");
        Stanza end = h.takeToApp();
        assertTrue(end.isPresence());
        assertEquals("c1@rayo.example", end.from().toString());
        assertEquals(r1, end.to());
        assertTrue(end.payload().is(End.ELEMENT, RayoNamespaces.CORE));
        assertEquals(End.Reason.ERROR, End.PROVIDER.parse(end.payload()).reason());
        assertNull(h.calls.find("c1"), "the call is off the books");
        assertEquals(0, node.activeCalls(), "and off the node's load");
        h.fromApp(r1, "c1@rayo.example", "h2", "<hangup xmlns='urn:xmpp:rayo:1'/>");
        assertEquals(StanzaError.ITEM_NOT_FOUND, h.takeToApp().errorCondition(), "answered by the gateway now");
        assertTrue(h.toNodes.isEmpty());
    }

    @Test void aComponentItsNodeDoesNotKnowLeavesTheCallUp() {
        h.fromApp(r1, "c1@rayo.example/output-1", "s1", "<stop xmlns='urn:xmpp:rayo:ext:1'/>");
        h.nodeFails(h.takeToNode(), "item-not-found");
        assertEquals(StanzaError.ITEM_NOT_FOUND, h.takeToApp().errorCondition());
        assertTrue(h.toApps.isEmpty(), "no end: only the component is unknown");
        assertNotNull(h.calls.find("c1"));
    }

    @Test void aJoinRefusedForItsPartnerLeavesTheCallUp() {
        h.dialled(r1, "c9");
        h.fromApp(r1, "c1@rayo.example", "j1", "<join xmlns='urn:xmpp:rayo:1' call-uri='xmpp:c9@rayo.example'/>");
        h.nodeFails(h.takeToNode(), "item-not-found"); // "no call c9 on this node to join"
        assertEquals(StanzaError.ITEM_NOT_FOUND, h.takeToApp().errorCondition());
        assertTrue(h.toApps.isEmpty());
        assertNotNull(h.calls.find("c1"));
    }

    @Test void otherRefusalsLeaveTheCallUp() {
        h.fromApp(r1, "c1@rayo.example", "a1", "<answer xmlns='urn:xmpp:rayo:1'/>");
        h.nodeFails(h.takeToNode(), "unexpected-request");
        assertEquals(StanzaError.UNEXPECTED_REQUEST, h.takeToApp().errorCondition());
        assertTrue(h.toApps.isEmpty());
        assertNotNull(h.calls.find("c1"));
        assertEquals(1, node.activeCalls());
    }
}
