package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

class NodeLossTest extends ClusterTest {
    @Test void lostNodeEndsItsCallsAndDialsMoveToTheOtherThenNoNodeIsServiceUnavailable() throws Exception {
        RayoClient app = cluster.client("demo", "loss");
        RayoCall onNode1 = null;
        for (int i = 0; i < 40 && onNode1 == null; i++) {
            RayoCall c = app.dial("sip:alice@example.com", null);
            assertNotNull(c.awaitSignal(Signal.Type.ANSWERED, WAIT));
            if (cluster.gateway().calls().find(c.id()).nodeDomain().equals("node1.localhost")) onNode1 = c;
        }
        assertNotNull(onNode1, "weighted choice put a call on node1");
        long t0 = System.nanoTime();
        cluster.node(1).close();
        End end = onNode1.await(End.class, WAIT);
        assertNotNull(end, "the owner learns its call ended");
        assertEquals(End.Reason.ERROR, end.reason());
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 3000, "within 3 s");
        cluster.awaitNodes(1, WAIT);
        for (int i = 0; i < 5; i++) {
            RayoCall c = app.dial("sip:bob@example.com", null);
            assertEquals("node2.localhost", cluster.gateway().calls().find(c.id()).nodeDomain());
            c.hangup();
        }
        cluster.node(2).close();
        cluster.awaitNodes(0, WAIT);
        RayoException e = assertThrows(RayoException.class, () -> app.dial("sip:carol@example.com", null));
        assertEquals(StanzaError.SERVICE_UNAVAILABLE, e.condition());
        assertTrue(e.getMessage().contains("no Rayo node available"), e.getMessage());
    }
}
