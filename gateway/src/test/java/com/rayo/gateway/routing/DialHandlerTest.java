package com.rayo.gateway.routing;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.rayo.gateway.health.NodeState;
import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.xml.XmlElement;

/** Retry budget, timeouts, late answers and health feedback of dials, on a fake clock. */
class DialHandlerTest {
    static final String DIAL = "<dial xmlns='urn:xmpp:rayo:1' to='sip:bob@example.com'/>";
    final RoutingHarness h = new RoutingHarness(2, new OfferPolicies(new OfferPolicies.Policy(OfferPolicies.Mode.ROUND_ROBIN, Duration.ofSeconds(10)), Map.of()));
    final Jid r1 = h.resource("r1");

    static XmlElement ref(String callId, String node) {
        return XmlElement.parse("<ref xmlns='urn:xmpp:rayo:1' uri='xmpp:" + callId + "@" + node + "'/>");
    }

    @Test void theRetryBudgetIsOneAttemptPlusMaxRetriesThenOneError() {
        for (int i = 1; i <= 4; i++) h.node("node" + i + ".example", 1);
        h.fromApp(r1, "rayo.example", "d1", DIAL);
        Set<String> tried = new HashSet<>();
        for (int attempt = 0; attempt < 3; attempt++) {
            Stanza sent = h.takeToNode();
            assertTrue(tried.add(sent.to().domain()), "each attempt on another node");
            h.nodeFails(sent, "internal-server-error");
        }
        assertTrue(h.toNodes.isEmpty(), "no fourth attempt with max-retries 2");
        Stanza reply = h.takeToApp();
        assertTrue(reply.isError());
        assertEquals(StanzaError.INTERNAL_SERVER_ERROR, reply.errorCondition());
        assertTrue(h.toApps.isEmpty(), "exactly one answer");
        assertEquals(2, h.ctx.stats().dialRetries.get(), "two retries");
    }

    @Test void aFinalErrorIsNotRetried() {
        h.node("node1.example", 1);
        h.node("node2.example", 1);
        h.fromApp(r1, "rayo.example", "d1", DIAL);
        h.nodeFails(h.takeToNode(), "bad-request");
        assertTrue(h.toNodes.isEmpty());
        assertEquals(StanzaError.BAD_REQUEST, h.takeToApp().errorCondition());
    }

    @Test void aTimedOutDialMovesOnAndALateAnswerIsHungUp() {
        h.node("node1.example", 1);
        h.node("node2.example", 2); // lower priority: the first attempt goes to node1
        h.fromApp(r1, "rayo.example", "d1", DIAL);
        Stanza first = h.takeToNode();
        assertEquals("node1.example", first.to().domain());
        h.scheduler.advance(Duration.ofMillis(4999));
        assertTrue(h.toNodes.isEmpty(), "not retried before the dial timeout");
        h.scheduler.advance(Duration.ofMillis(1));
        Stanza second = h.takeToNode();
        assertEquals("node2.example", second.to().domain());
        h.nodeAnswers(second, ref("c2", "node2.example"));
        Stanza result = h.takeToApp();
        assertEquals("result", result.type());
        assertTrue(result.payload().attr("uri").contains("c2@rayo.example"), "the ref names the call on the external domain");
        h.nodeAnswers(first, ref("c1", "node1.example")); // node1 wakes up
        Stanza hangup = h.takeToNode();
        assertEquals("c1@node1.example", hangup.to().toString());
        assertEquals("hangup", hangup.payload().name());
        assertTrue(h.toApps.isEmpty(), "the application got one ref only");
    }

    @Test void consecutiveFailedDialsBlacklistTheNodeUntilItExpires() {
        h.node("node1.example", 1);
        h.node("node2.example", 2);
        for (int i = 0; i < 3; i++) {
            h.fromApp(r1, "rayo.example", "d" + i, DIAL);
            Stanza first = h.takeToNode();
            assertEquals("node1.example", first.to().domain());
            h.nodeFails(first, "internal-server-error");
            h.nodeAnswers(h.takeToNode(), ref("ok" + i, "node2.example"));
        }
        assertEquals(NodeState.BLACKLISTED, h.nodes.find("node1.example").health().state());
        h.fromApp(r1, "rayo.example", "d9", DIAL);
        assertEquals("node2.example", h.takeToNode().to().domain(), "a blacklisted node gets no dial");
    }

    @Test void aBouncedDialMakesTheNodeDownAndEndsItsCalls() {
        h.node("node1.example", 1);
        h.node("node2.example", 2);
        h.fromApp(r1, "rayo.example", "d1", DIAL);
        h.nodeAnswers(h.takeToNode(), ref("held", "node1.example"));
        h.takeToApp();
        h.fromApp(r1, "rayo.example", "d2", DIAL);
        h.nodeFails(h.takeToNode(), "remote-server-timeout"); // what Prosody says for a component that is gone
        assertEquals(NodeState.DOWN, h.nodes.find("node1.example").health().state());
        Stanza end = h.toApps.stream().filter(Stanza::isPresence).findFirst().orElseThrow();
        assertEquals("held@rayo.example", end.from().toString());
        assertEquals("end", end.payload().name());
        assertNull(h.calls.find("held"));
    }
}
