package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.rayo.component.ComponentConnection;
import com.rayo.component.ComponentSpec;
import com.rayo.component.ComponentTransport;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.xml.XmlElement;
import com.rayo.testkit.EjabberdServer;
import com.rayo.testkit.Ports;

/**
 * What Debian's ejabberd does with several connections for one component domain: the facts
 * docs/cluster.md#ejabberd builds on — why each domain needs a listener of its own, why gateways
 * on ejabberd are one lease holder and standbys rather than all active, and why a frozen holder
 * costs stanzas there. If an ejabberd release changes them, this fails and the doc needs a look.
 */
class EjabberdBalancingTest {
    static final String GATEWAY = "rayo.localhost", INTERNAL = "rayo-internal.localhost", NODE = "node1.localhost";
    static final String SECRET = "ejabberd-balancing";
    static final int CALLS = 5;

    private EjabberdServer server;
    private final List<ComponentConnection> connections = new ArrayList<>();

    private EjabberdServer start(boolean sticky) throws Exception {
        server = new EjabberdServer(Files.createTempDirectory("rayo-ejabberd-"), "localhost", Ports.free());
        for (String d : List.of(GATEWAY, INTERNAL, NODE)) server.component(d, SECRET, Ports.free());
        if (sticky) server.balance(GATEWAY, "bare_source", 2);
        server.start(Duration.ofSeconds(30));
        return server;
    }

    @AfterEach void stop() throws Exception {
        connections.forEach(ComponentConnection::close);
        if (server != null) server.destroy();
    }

    /** Bodies received per call JID by one connection. */
    record Inbox(Map<String, Set<Integer>> byCall) {
        Inbox() { this(new ConcurrentHashMap<>()); }

        int count() { return byCall.values().stream().mapToInt(Set::size).sum(); }
    }

    private ComponentConnection connect(String domain, com.rayo.component.ComponentHandler handler) throws InterruptedException {
        ComponentConnection c = ComponentTransport.byName("native").connect(
                ComponentSpec.of("127.0.0.1", server.componentPort(domain), domain, SECRET, "localhost"), handler);
        connections.add(c);
        assertTrue(c.awaitConnected(Duration.ofSeconds(10)), domain + " connects");
        return c;
    }

    private ComponentConnection connect(String domain, Inbox inbox) throws InterruptedException {
        return connect(domain, s -> {
            String body = s.element().childText("body", s.element().namespace());
            if (body != null) inbox.byCall().computeIfAbsent(s.from().local(), k -> ConcurrentHashMap.newKeySet()).add(Integer.parseInt(body));
        });
    }

    /** Messages from call JIDs at the node to the gateway's domain, as a node's events would be. */
    private void send(ComponentConnection node, int from, int to) throws InterruptedException {
        for (int i = from; i < to; i++) {
            node.send(new Stanza(XmlElement.parse("<message xmlns='jabber:component:accept' from='call" + (i % CALLS) + "@" + NODE
                    + "' to='" + GATEWAY + "'><body>" + i + "</body></message>")));
        }
        Thread.sleep(1000);
    }

    @Test void aListenerPerDomainKeepsEachDomainsStanzasOnItsOwnConnection() throws Exception {
        start(false);
        Inbox gateway = new Inbox(), internal = new Inbox();
        connect(GATEWAY, gateway);
        connect(INTERNAL, internal);
        send(connect(NODE, new Inbox()), 0, 50);
        assertEquals(50, gateway.count());
        assertEquals(0, internal.count(), "the internal domain's connection gets none of the external domain's stanzas");
    }

    @Test void twoConnectionsForOneDomainShareEvenOneCallsStanzasAtRandom() throws Exception {
        start(false);
        Inbox a = new Inbox(), b = new Inbox();
        connect(GATEWAY, a);
        connect(GATEWAY, b);
        send(connect(NODE, new Inbox()), 0, 200);
        System.out.printf("ejabberd, default balancing: %d / %d of 200%n", a.count(), b.count());
        assertEquals(200, a.count() + b.count(), "a second connection is accepted and served, not refused or kicked");
        assertTrue(a.byCall().keySet().stream().anyMatch(call -> b.byCall().containsKey(call)),
                "one call's stanzas reach both connections: " + a.byCall().keySet() + " / " + b.byCall().keySet());
    }

    @Test void aFrozenConnectionKeepsItsShareAfterAnotherJoins() throws Exception {
        start(false);
        CountDownLatch thaw = new CountDownLatch(1);
        List<Stanza> frozenGot = new CopyOnWriteArrayList<>();
        connect(GATEWAY, s -> { // stops reading at its first stanza, as a SIGSTOPped holder would
            frozenGot.add(s);
            try { thaw.await(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
        });
        Inbox live = new Inbox();
        connect(GATEWAY, live);
        try {
            send(connect(NODE, new Inbox()), 0, 400);
            System.out.printf("ejabberd, one connection frozen: the live one got %d of 400%n", live.count());
            assertFalse(frozenGot.isEmpty(), "the frozen connection was handed stanzas");
            assertTrue(live.count() < 400 && live.count() > 100, "the live connection got only its share: " + live.count());
        } finally {
            thaw.countDown();
        }
    }

    @Test void stickyBalancingDropsADeadConnectionsShareUntilANewConnectionTakesItsSlot() throws Exception {
        start(true);
        Inbox a = new Inbox(), b = new Inbox(), idle = new Inbox(), late = new Inbox();
        ComponentConnection first = connect(GATEWAY, a);
        connect(GATEWAY, b);
        connect(GATEWAY, idle); // a third connection while both slots are taken
        ComponentConnection node = connect(NODE, new Inbox());
        send(node, 0, 100);
        assertEquals(100, a.count() + b.count());
        assertTrue(a.byCall().keySet().stream().noneMatch(call -> b.byCall().containsKey(call)), "each call sticks to one connection");
        int firstShare = a.count();
        assertTrue(firstShare > 0 && firstShare < 100, "both slots serve calls: " + firstShare);
        first.close();
        Thread.sleep(500);
        send(node, 100, 200);
        int served = a.count() + b.count() + idle.count() - 100;
        System.out.printf("ejabberd, sticky balancing: after one of two connections closed %d of 100 served%n", served);
        assertEquals(100 - firstShare, served, "the closed connection's share is dropped, and the idle third connection does not take it");
        connect(GATEWAY, late);
        send(node, 200, 300);
        assertEquals(firstShare, late.count(), "a new connection takes the free slot and its share");
    }
}
