package com.rayo.gateway.routing;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.rayo.gateway.registry.Application;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.xml.XmlElement;

/**
 * Calls named inside payloads: one application may not join, unjoin or dial-join another's
 * call (nor a node's address), and is told only that no such call exists. A dial's nested
 * join goes to the node of the call it joins.
 */
class CallReferencesTest {
    final RoutingHarness h = new RoutingHarness(2, new OfferPolicies(new OfferPolicies.Policy(OfferPolicies.Mode.ROUND_ROBIN, Duration.ofSeconds(10)), Map.of()));
    final Application other = new Application("other", "p", Jid.of("other@example"));
    final Jid mine = h.resource("r1");
    Jid theirs;
    String myNode;
    String theirNode;

    @BeforeEach void twoApplicationsWithACallEach() {
        h.apps.register(other);
        theirs = h.resource(other, "r1");
        h.node("node1.example", 1);
        h.node("node2.example", 1);
        myNode = h.dialled(mine, "mine");
        theirNode = h.dialled(theirs, "theirs");
    }

    void refusedWithoutReachingANode(String to, String payload) {
        h.fromApp(mine, to, "x", payload);
        Stanza reply = h.takeToApp();
        assertEquals(StanzaError.ITEM_NOT_FOUND, reply.errorCondition(), payload);
        assertTrue(reply.errorText().startsWith("no call "), reply.errorText());
        assertTrue(h.toNodes.isEmpty(), "nothing forwarded: " + h.toNodes);
    }

    @Test void anotherApplicationsCallCannotBeNamedInAnyCommand() {
        refusedWithoutReachingANode("mine@rayo.example", "<join xmlns='urn:xmpp:rayo:1' call-uri='xmpp:theirs@rayo.example'/>");
        refusedWithoutReachingANode("mine@rayo.example", "<join xmlns='urn:xmpp:rayo:1' call-uri='theirs@rayo.example'/>");
        refusedWithoutReachingANode("mine@rayo.example", "<unjoin xmlns='urn:xmpp:rayo:1' call-uri='xmpp:theirs@rayo.example'/>");
        refusedWithoutReachingANode("rayo.example", "<dial xmlns='urn:xmpp:rayo:1' to='sip:bob@example.com'><join call-uri='xmpp:theirs@rayo.example'/></dial>");
    }

    @Test void nodeAndInternalAddressesCannotBeNamedEither() {
        refusedWithoutReachingANode("mine@rayo.example", "<join xmlns='urn:xmpp:rayo:1' call-uri='xmpp:theirs@" + theirNode + "'/>");
        refusedWithoutReachingANode("mine@rayo.example", "<join xmlns='urn:xmpp:rayo:1' call-uri='xmpp:mine@" + myNode + "'/>");
        refusedWithoutReachingANode("mine@rayo.example", "<join xmlns='urn:xmpp:rayo:1' call-uri='xmpp:theirs@rayo-internal.example'/>");
        refusedWithoutReachingANode("mine@rayo.example", "<join xmlns='urn:xmpp:rayo:1' call-uri='xmpp:theirs'/>");
    }

    @Test void theAnswerIsTheSameAsForACallThatDoesNotExist() {
        h.fromApp(mine, "mine@rayo.example", "a", "<join xmlns='urn:xmpp:rayo:1' call-uri='xmpp:theirs@rayo.example'/>");
        h.fromApp(mine, "mine@rayo.example", "b", "<join xmlns='urn:xmpp:rayo:1' call-uri='xmpp:nosuch@rayo.example'/>");
        Stanza a = h.takeToApp();
        Stanza b = h.takeToApp();
        assertEquals(a.errorCondition(), b.errorCondition());
        assertEquals(a.errorText().replace("theirs", "X"), b.errorText().replace("nosuch", "X"));
    }

    @Test void ownCallsAreJoinedAndTheNodeSeesItsOwnAddresses() {
        String second = h.dialled(mine, "mine2");
        h.fromApp(mine, "mine@rayo.example", "j", "<join xmlns='urn:xmpp:rayo:1' call-uri='xmpp:mine2@rayo.example'/>");
        Stanza join = h.takeToNode();
        assertEquals("mine@" + myNode, join.to().toString());
        assertEquals("xmpp:mine2@" + second, join.payload().attr("call-uri"));
    }

    @Test void aDialsNestedJoinGoesToTheNodeOfTheCallItJoins() {
        for (int i = 0; i < 10; i++) {
            h.fromApp(mine, "rayo.example", "d" + i, "<dial xmlns='urn:xmpp:rayo:1' to='sip:bob@example.com'><join call-uri='xmpp:mine@rayo.example'/></dial>");
            Stanza dial = h.takeToNode();
            assertEquals(myNode, dial.to().domain(), "always the node of the call to join");
            XmlElement join = dial.payload().firstElement();
            assertEquals("xmpp:mine@" + myNode, join.attr("call-uri"), "the nested join names the call where it runs");
        }
    }

    @Test void aDialNamingANodeInAnyRayoUriIsRefused() {
        refusedWithoutReachingANode("rayo.example", "<dial xmlns='urn:xmpp:rayo:1' to='sip:bob@example.com'><join call-uri='xmpp:mine@" + myNode + "'/></dial>");
    }
}
