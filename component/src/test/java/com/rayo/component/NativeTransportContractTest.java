package com.rayo.component;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class NativeTransportContractTest extends ComponentTransportContract {
    @Override ComponentTransport transport() { return new NativeComponentTransport(); }

    /** Whack cannot tell the server's conflict from a lost link, so only the native transport yields. */
    @Test void aReplacedConnectionStepsAsideInsteadOfTakingTheDomainBack() throws Exception {
        Inbox a = new Inbox(), a2 = new Inbox(), b = new Inbox();
        ComponentConnection ca = connect("a.localhost", SECRET, a);
        assertTrue(ca.awaitConnected(Duration.ofSeconds(5)));
        ComponentConnection dup = connect("a.localhost", SECRET, a2);
        assertTrue(dup.awaitConnected(Duration.ofSeconds(5)));
        assertTrue(waitUntil(() -> !ca.isConnected(), Duration.ofSeconds(2)), "the old connection is told (stream error conflict)");
        Thread.sleep(1500);
        assertFalse(ca.isConnected(), "it does not reconnect and kick the newer one");
        assertTrue(dup.isConnected());
        assertEquals(0, dup.stats().reconnects.get());
        ComponentConnection cb = connect("b.localhost", SECRET, b);
        assertTrue(cb.awaitConnected(Duration.ofSeconds(5)));
        cb.send(message("y@b.localhost", "a.localhost", "to the newest"));
        assertEquals("to the newest", a2.next().element().childText("body", com.rayo.protocol.Stanza.COMPONENT_NS));
    }

    /** A server that takes the connection but never answers the stream header does not hold it for ever. */
    @Test void aServerThatNeverAnswersIsLeftAndTriedAgain() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            java.util.List<java.net.Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // kept open, never written to
                        accepted.incrementAndGet();
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ComponentConnection c = transport().connect(ComponentSpec.of("127.0.0.1", silent.getLocalPort(), "a.localhost", SECRET, "localhost"), new Inbox());
            open.add(c);
            assertTrue(waitUntil(() -> accepted.get() >= 2, Duration.ofSeconds(9)), "a second attempt after the handshake timeout: " + accepted.get());
            assertFalse(c.isConnected());
            for (java.net.Socket s : held) s.close();
        }
    }
}
