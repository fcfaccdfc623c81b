package com.rayo.gateway.routing;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.xml.XmlElement;

/** Offer policies, timeouts and the controlling-party lock, on a fake clock. */
class OfferDistributorTest {
    static RoutingHarness harness(OfferPolicies.Mode mode) {
        return new RoutingHarness(2, new OfferPolicies(new OfferPolicies.Policy(mode, Duration.ofSeconds(10)), Map.of()));
    }

    static void offer(RoutingHarness h, String callId) {
        h.apps.registerAddress(h.app.jid(), "sip:demo@example.com");
        h.node("node1.example", 1);
        h.nodeSide.onStanza(Stanza.presence(Jid.of(callId + "@node1.example"), Jid.domain("rayo-internal.example"), null,
                List.of(XmlElement.parse("<offer xmlns='urn:xmpp:rayo:1' to='sip:demo@example.com' from='sip:caller@example.net'/>"))));
    }

    static List<String> offeredTo(RoutingHarness h) {
        return h.toApps.stream().filter(s -> s.payload() != null && s.payload().name().equals("offer")).map(s -> s.to().resource()).toList();
    }

    static List<String> endedFor(RoutingHarness h, String reason) {
        return h.toApps.stream().filter(s -> s.payload() != null && s.payload().name().equals("end") && s.payload().elements().get(0).name().equals(reason))
                .map(s -> s.to().resource()).toList();
    }

    /** A node whose presence has not arrived yet (it connected before this gateway): its caller must not ring forever. */
    @Test void anOfferFromANodeNotRegisteredYetIsRejectedAndTheNodeProbed() {
        RoutingHarness h = harness(OfferPolicies.Mode.FIRST);
        h.resource("a");
        h.apps.registerAddress(h.app.jid(), "sip:demo@example.com");
        h.nodeSide.onStanza(Stanza.presence(Jid.of("c9@node7.example"), Jid.domain("rayo-internal.example"), null,
                List.of(XmlElement.parse("<offer xmlns='urn:xmpp:rayo:1' to='sip:demo@example.com' from='sip:caller@example.net'/>"))));
        assertEquals(List.of(), offeredTo(h), "not offered: the gateway knows nothing of that node");
        assertEquals("error", h.takeToNode().type(), "the presence is refused: not a registered node");
        Stanza reject = h.takeToNode();
        assertEquals("c9@node7.example", reject.to().toString());
        assertEquals("reject", reject.payload().name());
        assertNotNull(reject.payload().child("error", "urn:xmpp:rayo:1"), reject.toString());
        Stanza probe = h.takeToNode();
        assertEquals("probe", probe.type());
        assertEquals("node7.example", probe.to().toString());
        assertNull(h.calls.find("c9"));
    }

    @Test void firstTimesOutToTheNextResourceThenRejectsAtTheNode() {
        RoutingHarness h = harness(OfferPolicies.Mode.FIRST);
        h.resource("b");
        h.resource("a");
        offer(h, "c1");
        assertEquals(List.of("a"), offeredTo(h), "first: sorted order, one at a time");
        h.scheduler.advance(Duration.ofSeconds(10));
        assertEquals(List.of("a", "b"), offeredTo(h));
        assertEquals(List.of("a"), endedFor(h, "timeout"));
        assertEquals("demo@example/b", h.calls.find("c1").owner().toString());
        h.scheduler.advance(Duration.ofSeconds(10));
        assertEquals(List.of("a", "b"), endedFor(h, "timeout"));
        assertNull(h.calls.find("c1"), "nobody acted: the call is gone");
        assertTrue(h.toNodes.stream().anyMatch(s -> s.to().toString().equals("c1@node1.example") && s.payload().name().equals("reject")),
                "and rejected at the node");
    }

    @Test void roundRobinRotatesTheStartingResource() {
        RoutingHarness h = harness(OfferPolicies.Mode.ROUND_ROBIN);
        h.resource("a");
        h.resource("b");
        offer(h, "c1");
        offer(h, "c2");
        offer(h, "c3");
        assertEquals(List.of("a", "b", "a"), offeredTo(h));
    }

    @Test void allOffersToEveryoneAndTheFirstCommandWins() {
        RoutingHarness h = harness(OfferPolicies.Mode.ALL);
        Jid a = h.resource("a");
        Jid b = h.resource("b");
        offer(h, "c1");
        assertEquals(List.of("a", "b"), offeredTo(h));
        h.fromApp(b, "c1@rayo.example", "x1", "<answer xmlns='urn:xmpp:rayo:1'/>");
        assertEquals("answer", h.takeToNode().payload().name(), "b's command goes to the node");
        assertEquals(List.of("a"), endedFor(h, "hungup"), "a lost the race and is told");
        assertEquals(b, h.calls.find("c1").owner());
        h.toApps.clear();
        h.fromApp(a, "c1@rayo.example", "x2", "<hangup xmlns='urn:xmpp:rayo:1'/>");
        Stanza refused = h.takeToApp();
        assertEquals("conflict", refused.errorCondition().condition(), "the loser cannot control the call");
        h.scheduler.advance(Duration.ofSeconds(30));
        assertNotNull(h.calls.find("c1"), "a controlled call never times out as an offer");
    }

    @Test void eventsOfACallOnOfferGoToEveryResourceItIsOfferedTo() {
        RoutingHarness h = harness(OfferPolicies.Mode.ALL);
        h.resource("a");
        h.resource("b");
        offer(h, "c1");
        h.toApps.clear();
        h.nodeSide.onStanza(Stanza.presence(Jid.of("c1@node1.example"), Jid.domain("rayo-internal.example"), null,
                List.of(XmlElement.parse("<end xmlns='urn:xmpp:rayo:1'><hungup/></end>"))));
        assertEquals(List.of("a", "b"), endedFor(h, "hungup"), "the caller hung up before anyone answered");
        assertNull(h.calls.find("c1"));
        h.scheduler.advance(Duration.ofSeconds(30));
        assertTrue(h.toNodes.stream().noneMatch(s -> s.payload() != null && s.payload().name().equals("reject")), "no offer timeout after the end");
    }

    @Test void aResourceThatLeavesPassesItsOfferOnAtOnce() {
        RoutingHarness h = harness(OfferPolicies.Mode.FIRST);
        Jid a = h.resource("a");
        h.resource("b");
        offer(h, "c1");
        h.appSide.onStanza(Stanza.presence(a, Jid.domain("rayo.example"), "unavailable", List.of()));
        h.scheduler.advance(Duration.ZERO);
        assertEquals(List.of("a", "b"), offeredTo(h), "re-offered without waiting for the timeout");
        assertNotNull(h.calls.find("c1"), "the call was not hung up");
    }
}
