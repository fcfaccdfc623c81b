package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/** Offer policies: "all" with first-to-act wins, "first" with timeout and re-offer, nobody acting. */
class OfferPoliciesTest extends ClusterTest {
    @Override String gatewayConfig() {
        return "rayo.gateway.offers { policy = \"first\", timeout = 1s, applications { other { policy = \"all\", timeout = 3s } } }\n";
    }

    static LinkedBlockingQueue<RayoCall> offers(RayoClient c) {
        LinkedBlockingQueue<RayoCall> q = new LinkedBlockingQueue<>();
        c.onOffer(q::add);
        return q;
    }

    @Test void allOffersToEveryResourceTheFirstToAnswerWinsTheOthersGetAnEnd() throws Exception {
        RayoClient a = cluster.client("other", "all-a");
        RayoClient b = cluster.client("other", "all-b");
        LinkedBlockingQueue<RayoCall> qa = offers(a), qb = offers(b);
        String id = sim(1).inbound("sip:other@example.com", "sip:caller@example.net", List.of());
        RayoCall atA = qa.poll(5, TimeUnit.SECONDS), atB = qb.poll(5, TimeUnit.SECONDS);
        assertNotNull(atA, "a got the offer");
        assertNotNull(atB, "b got the offer");
        assertEquals(id, atB.id());
        atB.answer();
        assertNotNull(atA.await(End.class, WAIT), "the resource that lost the race gets an end");
        RayoException e = assertThrows(RayoException.class, atA::hangup);
        assertEquals(StanzaError.CONFLICT, e.condition(), "b controls the call now");
        assertEquals("other@localhost/all-b", cluster.gateway().calls().find(id).owner().toString());
        atB.hangup();
        assertEquals(End.Reason.HANGUP_COMMAND, atB.await(End.class, WAIT).reason());
        a.close();
        b.close();
    }

    @Test void firstOffersInOrderAndMovesOnWhenTheOfferTimesOut() throws Exception {
        RayoClient f1 = cluster.client("demo", "first-1");
        RayoClient f2 = cluster.client("demo", "first-2");
        LinkedBlockingQueue<RayoCall> q1 = offers(f1), q2 = offers(f2);
        String id = sim(2).inbound("sip:demo@example.com", "sip:caller@example.net", List.of());
        RayoCall at1 = q1.poll(5, TimeUnit.SECONDS);
        assertNotNull(at1, "the first resource gets the offer");
        assertNull(q2.poll(500, TimeUnit.MILLISECONDS), "and only it");
        End timedOut = at1.await(End.class, WAIT);
        assertNotNull(timedOut, "f1 let the offer time out: it gets an end");
        assertEquals(End.Reason.TIMEOUT, timedOut.reason());
        RayoCall at2 = q2.poll(5, TimeUnit.SECONDS);
        assertNotNull(at2, "re-offered to the next resource");
        assertEquals(id, at2.id());
        at2.accept();
        assertEquals(StanzaError.CONFLICT, assertThrows(RayoException.class, at1::answer).condition());
        at2.answer();
        at2.hangup();
        assertNotNull(at2.await(End.class, WAIT));
        f1.close();
        f2.close();
    }

    @Test void anOfferNobodyActsOnIsRejectedAtTheNode() throws Exception {
        RayoClient f1 = cluster.client("demo", "idle-1");
        RayoClient f2 = cluster.client("demo", "idle-2");
        LinkedBlockingQueue<RayoCall> q1 = offers(f1), q2 = offers(f2);
        String id = sim(1).inbound("sip:demo@example.com", "sip:caller@example.net", List.of());
        assertNotNull(q1.poll(5, TimeUnit.SECONDS));
        assertNotNull(q2.poll(5, TimeUnit.SECONDS), "second resource after the first timed out");
        eventually("the call was rejected at the node after both timed out", () -> !sim(1).isActive(id) && cluster.gateway().calls().find(id) == null, WAIT);
        f1.close();
        f2.close();
    }

    @Test void aQuiescedGatewayRefusesNewDialsAndOffersButServesExistingCalls() throws Exception {
        RayoClient app = cluster.client("demo", "quiesce");
        RayoCall existing = app.dial("sip:before@example.com", null);
        assertNotNull(existing.awaitSignal(Signal.Type.ANSWERED, WAIT));
        cluster.gateway().admin().quiesce(true);
        try {
            RayoException e = assertThrows(RayoException.class, () -> app.dial("sip:during@example.com", null));
            assertEquals(StanzaError.SERVICE_UNAVAILABLE, e.condition());
            assertTrue(e.getMessage().contains("quiesced"), e.getMessage());
            String id = sim(2).inbound("sip:demo@example.com", "sip:caller@example.net", List.of());
            eventually("the offer was refused at the node", () -> !sim(2).isActive(id), WAIT);
            existing.hangup(); // existing calls keep working
            assertEquals(End.Reason.HANGUP_COMMAND, existing.await(End.class, WAIT).reason());
        } finally {
            cluster.gateway().admin().quiesce(false);
        }
        RayoCall after = app.dial("sip:after@example.com", null);
        assertNotNull(after.awaitSignal(Signal.Type.ANSWERED, WAIT));
        after.hangup();
    }
}
