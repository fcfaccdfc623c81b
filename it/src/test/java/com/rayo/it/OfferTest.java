package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

class OfferTest extends ClusterTest {
    @Test void offerReachesAnAvailableResourceWhichAnswersAndHangsUp() throws Exception {
        RayoClient app = cluster.client("demo", "in1");
        java.util.concurrent.LinkedBlockingQueue<RayoCall> offers = new java.util.concurrent.LinkedBlockingQueue<>();
        app.onOffer(offers::add);
        String callId = sim(1).inbound("sip:demo@example.com", "sip:caller@example.net", List.of());
        RayoCall call = offers.poll(5, java.util.concurrent.TimeUnit.SECONDS);
        assertNotNull(call, "offer delivered");
        assertEquals(callId, call.id());
        assertEquals("sip:caller@example.net", call.offer().from());
        call.accept();
        call.answer();
        call.hangup();
        assertEquals(End.Reason.HANGUP_COMMAND, call.await(End.class, WAIT).reason());
    }

    @Test void offersGoRoundRobinOverTwoResources() throws Exception {
        RayoClient r1 = cluster.client("other", "rr1");
        RayoClient r2 = cluster.client("other", "rr2");
        Map<String, AtomicInteger> got = new ConcurrentHashMap<>();
        r1.onOffer(c -> got.computeIfAbsent("rr1", k -> new AtomicInteger()).incrementAndGet());
        r2.onOffer(c -> got.computeIfAbsent("rr2", k -> new AtomicInteger()).incrementAndGet());
        for (int i = 0; i < 6; i++) sim(1 + i % 2).inbound("sip:other@example.com", "sip:c" + i + "@example.net", List.of());
        eventually("6 offers delivered", () -> got.values().stream().mapToInt(AtomicInteger::get).sum() == 6, WAIT);
        assertEquals(3, got.get("rr1").get());
        assertEquals(3, got.get("rr2").get());
        r1.close();
        r2.close();
    }

    @Test void offerToAnAddressNobodyServesIsRejectedNotLeftRinging() throws Exception {
        String id = sim(2).inbound("sip:nobody@example.com", "sip:x@example.net", List.of());
        eventually("the node was told to reject the unowned call", () -> !sim(2).isActive(id), WAIT);
        long refused = cluster.gateway().stats().offersRefused.get();
        assertTrue(refused >= 1);
    }

    @Test void offerWithNoAvailableResourceIsRejected() throws Exception {
        // "other" has no connected resource in this test (the round-robin clients closed).
        eventually("no resource of other", () -> cluster.gateway().applications().offerTargets(com.rayo.protocol.Jid.of("other@localhost")).isEmpty(), WAIT);
        String id = sim(1).inbound("sip:other@example.com", "sip:y@example.net", List.of());
        eventually("the node was told to reject " + id, () -> cluster.gateway().calls().find(id) == null && !sim(1).isActive(id), WAIT);
    }

    @Test void ownerDisconnectingHangsUpItsCalls() throws Exception {
        RayoClient app = cluster.client("demo", "leaver");
        RayoCall call = app.dial("sip:long@example.com", null);
        assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT));
        String node = cluster.gateway().calls().find(call.id()).nodeDomain();
        app.close();
        eventually("the departed owner's call is hung up on " + node, () -> cluster.gateway().calls().find(call.id()) == null, WAIT);
    }
}
