package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.rayo.cassandra.embedded.EmbeddedCassandra;
import com.rayo.cassandra.embedded.SharedTestNode;
import com.rayo.cassandra.store.Rows;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/** Cassandra down for 30 s under a steady dial load: no dial fails, nothing is lost. */
class CassandraOutageTest extends ClusterTest {
    @Test void routingGoesOnFromMemoryAndEverythingIsWrittenAfterwards() throws Exception {
        RayoClient app = cluster.client("demo", "outage");
        List<String> callIds = new CopyOnWriteArrayList<>();
        AtomicInteger failed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread load = new Thread(() -> {
            while (!stop.get()) {
                try {
                    RayoCall c = app.dial("sip:steady@example.com", null);
                    callIds.add(c.id());
                    if (c.awaitSignal(Signal.Type.ANSWERED, WAIT) == null) throw new IllegalStateException("no answer");
                    c.hangup();
                    if (c.await(End.class, WAIT) == null) throw new IllegalStateException("no end");
                    Thread.sleep(50);
                } catch (Exception e) {
                    failed.incrementAndGet();
                }
            }
        });
        load.start();
        Thread.sleep(2000);
        EmbeddedCassandra cassandra = SharedTestNode.get();
        cassandra.stop();
        int before = callIds.size();
        Thread.sleep(30_000);
        int duringOutage = callIds.size() - before;
        assertFalse(cluster.gateway().writes().healthy(), "the gateway says the store is down");
        assertTrue(cluster.gateway().writes().depth() > 0, "writes wait in the queue");
        cassandra.start(Duration.ofSeconds(120));
        Thread.sleep(2000);
        stop.set(true);
        load.join();
        assertEquals(0, failed.get(), "no dial failed");
        assertTrue(duringOutage > 20, "calls kept flowing during the outage: " + duringOutage);
        assertTrue(cluster.gateway().writes().awaitDrained(Duration.ofSeconds(60)), "queue drained after the store came back");
        assertTrue(cluster.gateway().writes().healthy());
        for (String id : callIds) {
            Rows.CallRow row = cluster.gateway().store().call(id).orElse(null);
            assertNotNull(row, "call " + id + " is in Cassandra");
            assertEquals("ended", row.state());
            assertEquals("hangup-command", row.endReason());
        }
    }
}
