package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/**
 * After a gateway restart the state comes back from Cassandra: owners keep controlling their calls,
 * and a call that ended while no gateway was there ends for its owner at its next command.
 */
class GatewayRestartTest extends ClusterTest {
    @Test void callsInFlightSurviveAGatewayRestart() throws Exception {
        RayoClient app = cluster.client("demo", "survivor");
        List<RayoCall> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RayoCall c = app.dial("sip:long" + i + "@example.com", null);
            assertNotNull(c.awaitSignal(Signal.Type.ANSWERED, WAIT));
            calls.add(c);
        }
        assertTrue(cluster.gateway().writes().awaitDrained(Duration.ofSeconds(10)));
        int activeBefore = cluster.gateway().calls().activeCount();
        int storedBefore = cluster.gateway().store().activeCalls().size();
        assertEquals(4, storedBefore);

        cluster.restartGateway();

        assertEquals(activeBefore, cluster.gateway().calls().activeCount(), "every active call known again");
        assertEquals(storedBefore, cluster.gateway().store().activeCalls().size());
        assertNotNull(cluster.gateway().calls().find(calls.get(0).id()).owner());
        for (RayoCall c : calls) {
            c.hangup(); // the owner's command reaches the node through the new gateway
            End end = c.await(End.class, WAIT);
            assertNotNull(end, "the end event reaches the owner after the restart");
            assertEquals(End.Reason.HANGUP_COMMAND, end.reason());
        }
        RayoCall fresh = app.dial("sip:new@example.com", null);
        assertNotNull(fresh.awaitSignal(Signal.Type.ANSWERED, WAIT), "new calls work too");
        fresh.hangup();
        assertTrue(cluster.gateway().writes().awaitDrained(Duration.ofSeconds(10)));
        eventually("store agrees: no active call left", () -> cluster.gateway().store().activeCalls().isEmpty(), WAIT);
    }

    @Test void aCallThatEndedWhileNoGatewayWasThereEndsForItsOwnerAtItsNextCommand() throws Exception {
        RayoClient app = cluster.client("demo", "returning");
        RayoCall call = app.dial("sip:gone@example.com", null);
        assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT));
        assertTrue(cluster.gateway().writes().awaitDrained(Duration.ofSeconds(10)));
        int node = sim(1).isActive(call.id()) ? 1 : 2;
        cluster.gateway().close();
        assertTrue(sim(node).remoteHangup(call.id()), "the far end hangs up while no gateway holds the domains: its <end/> is lost");
        cluster.startGateway();
        assertNotNull(cluster.gateway().calls().find(call.id()), "reloaded as up: nothing told this gateway otherwise");
        RayoException refused = assertThrows(RayoException.class, call::hangup, "the node no longer has the call");
        assertTrue(refused.getMessage().contains("item-not-found"), refused.getMessage());
        End end = call.await(End.class, WAIT);
        assertNotNull(end, "the owner hears the end instead of holding a call that is gone");
        assertEquals(End.Reason.ERROR, end.reason());
        assertNull(cluster.gateway().calls().find(call.id()), "off the gateway's books");
        assertTrue(cluster.gateway().writes().awaitDrained(Duration.ofSeconds(10)));
        eventually("and off the store's", () -> cluster.gateway().store().activeCalls().stream().noneMatch(c -> c.callId().equals(call.id())), WAIT);
    }
}
