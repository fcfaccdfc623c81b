package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.read.ListAppender;

import com.rayo.cassandra.embedded.EmbeddedCassandra;
import com.rayo.cassandra.embedded.SharedTestNode;
import com.rayo.cassandra.store.Rows;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/** Cassandra down for 30 s under a steady dial load: no dial fails, nothing is lost, the log says so in a few lines. */
class CassandraOutageTest extends ClusterTest {
    /** What the gateway logs with the product's logging configuration (the one its processes run with). */
    static ListAppender<ILoggingEvent> productLogging() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        JoranConfigurator jc = new JoranConfigurator();
        jc.setContext(ctx);
        jc.doConfigure(CassandraOutageTest.class.getResource("/logback.xml"));
        ListAppender<ILoggingEvent> seen = new ListAppender<>();
        seen.setContext(ctx);
        seen.start();
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(seen);
        return seen;
    }

    static void testLogging() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
    }

    @Test void routingGoesOnFromMemoryAndEverythingIsWrittenAfterwards() throws Exception {
        ListAppender<ILoggingEvent> log = productLogging();
        try {
            survivesTheOutage(log);
        } finally {
            testLogging();
        }
    }

    private void survivesTheOutage(ListAppender<ILoggingEvent> log) throws Exception {
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
        int logBefore = log.list.size();
        cassandra.stop();
        int before = callIds.size();
        Thread.sleep(30_000);
        List<String> warnings = log.list.subList(logBefore, log.list.size()).stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
        assertEquals(1, warnings.stream().filter(w -> w.contains("event=store-unavailable")).count(), "the outage is said once: " + warnings);
        assertTrue(warnings.size() <= 4, "a 30 s outage is a few lines (store, lease, membership), not one every 2 s: " + warnings);
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
        assertTrue(log.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("event=store-available after-s=")), "and that it is back");
        for (String id : callIds) {
            Rows.CallRow row = cluster.gateway().store().call(id).orElse(null);
            assertNotNull(row, "call " + id + " is in Cassandra");
            assertEquals("ended", row.state());
            assertEquals("hangup-command", row.endReason());
        }
    }
}
