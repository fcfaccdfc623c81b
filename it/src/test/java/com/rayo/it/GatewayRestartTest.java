package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/** After a gateway restart the state comes back from Cassandra: owners keep controlling their calls. */
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
}
