package com.rayo.component;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.StanzaError;
import com.rayo.protocol.xml.XmlElement;
import com.rayo.testkit.Ports;
import com.rayo.testkit.ProsodyServer;

/**
 * The contract every {@link ComponentTransport} must pass, against a real Prosody:
 * handshake, two domains, stream order under load, reconnect after a restart,
 * stream errors and oversized stanzas.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ComponentTransportContract {
    /** Per test class: a component another class left behind cannot get into this class's Prosody (ports are reused). */
    final String SECRET = "contract-secret-" + java.util.UUID.randomUUID();
    ProsodyServer prosody;
    final List<ComponentConnection> open = new java.util.ArrayList<>();

    abstract ComponentTransport transport();

    @BeforeAll void startProsody() throws Exception {
        Path dir = Files.createTempDirectory("prosody-contract-");
        prosody = new ProsodyServer(dir, "localhost", Ports.free(), Ports.free());
        for (String d : new String[] {"a.localhost", "b.localhost", "c.localhost"}) prosody.component(d, SECRET);
        prosody.start(Duration.ofSeconds(30));
    }

    @AfterAll void stopProsody() throws Exception {
        prosody.destroy();
    }

    @AfterEach void closeAll() {
        open.forEach(ComponentConnection::close);
        open.clear();
    }

    static final class Inbox implements ComponentHandler {
        final BlockingQueue<Stanza> stanzas = new LinkedBlockingQueue<>();
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        @Override public void onStanza(Stanza s) { stanzas.add(s); }
        @Override public void onConnected() { events.add("connected"); }
        @Override public void onDisconnected(String reason) { events.add("disconnected"); }

        Stanza next() throws InterruptedException {
            Stanza s = stanzas.poll(5, TimeUnit.SECONDS);
            assertNotNull(s, "no stanza within 5 s");
            return s;
        }
    }

    ComponentConnection connect(String domain, String secret, ComponentHandler h) {
        ComponentSpec spec = ComponentSpec.of("127.0.0.1", prosody.componentPort(), domain, secret, "localhost")
                .withPing(Duration.ofMillis(500), Duration.ofMillis(1000));
        ComponentConnection c = transport().connect(spec, h);
        open.add(c);
        return c;
    }

    static Stanza message(String from, String to, String body) {
        return new Stanza(XmlElement.builder("message", Stanza.COMPONENT_NS).attr("from", from).attr("to", to)
                .textChild("body", body).build());
    }

    @Test void handshakeOnTwoDomainsAndStanzasBothWays() throws Exception {
        Inbox a = new Inbox(), b = new Inbox();
        ComponentConnection ca = connect("a.localhost", SECRET, a);
        ComponentConnection cb = connect("b.localhost", SECRET, b);
        assertTrue(ca.awaitConnected(Duration.ofSeconds(5)));
        assertTrue(cb.awaitConnected(Duration.ofSeconds(5)));
        ca.send(message("x@a.localhost/r", "y@b.localhost", "hello <&> 'b'"));
        Stanza got = b.next();
        assertEquals("hello <&> 'b'", got.element().childText("body", got.element().namespace()));
        assertEquals(Jid.of("x@a.localhost/r"), got.from());
        cb.send(Stanza.iq("get", Jid.of("y@b.localhost"), Jid.of("a.localhost"), "q1",
                XmlElement.builder("query", "urn:example:q").attr("k", "v").build()));
        Stanza iq = a.next();
        assertEquals("q1", iq.id());
        assertEquals("v", iq.payload().attr("k"));
    }

    @Test void wrongSecretNeverConnectsAndSaysNothingToTheHandler() throws Exception {
        Inbox c = new Inbox();
        ComponentConnection cc = connect("c.localhost", "wrong", c);
        assertFalse(cc.awaitConnected(Duration.ofMillis(1500)));
        assertTrue(c.events.isEmpty());
    }

    @Test void pingToTheComponentIsAnswered() throws Exception {
        Inbox a = new Inbox(), b = new Inbox();
        ComponentConnection ca = connect("a.localhost", SECRET, a);
        connect("b.localhost", SECRET, b).awaitConnected(Duration.ofSeconds(5));
        assertTrue(ca.awaitConnected(Duration.ofSeconds(5)));
        ca.send(Stanza.iq("get", Jid.of("a.localhost"), Jid.of("b.localhost"), "p1", XmlElement.builder("ping", "urn:xmpp:ping").build()));
        Stanza r = a.next();
        assertEquals("p1", r.id());
        assertEquals("result", r.type());
        assertTrue(b.stanzas.isEmpty(), "the transport answers pings itself");
    }

    @Test void streamOrderIsKeptPerCallUnderLoad() throws Exception {
        Inbox a = new Inbox(), b = new Inbox();
        ComponentConnection ca = connect("a.localhost", SECRET, a);
        ComponentConnection cb = connect("b.localhost", SECRET, b);
        assertTrue(ca.awaitConnected(Duration.ofSeconds(5)) && cb.awaitConnected(Duration.ofSeconds(5)));
        int calls = 20, perCall = 250;
        for (int i = 0; i < perCall; i++) {
            for (int c = 0; c < calls; c++) {
                ca.send(Stanza.presence(Jid.of("call" + c + "@a.localhost"), Jid.of("b.localhost"), null,
                        List.of(XmlElement.builder("seq", "urn:example:seq").text(Integer.toString(i)).build())));
            }
        }
        Map<String, Integer> last = new HashMap<>();
        for (int n = 0; n < calls * perCall; n++) {
            Stanza s = b.next();
            int seq = Integer.parseInt(s.payload().text());
            Integer prev = last.put(s.from().local(), seq);
            assertEquals(prev == null ? 0 : prev + 1, seq, "order of " + s.from());
        }
    }

    @Test void oversizedStanzaIsRefusedWithPolicyViolationAndOthersFlow() throws Exception {
        Inbox a = new Inbox(), b = new Inbox();
        ComponentConnection ca = connect("a.localhost", SECRET, a);
        ComponentConnection cb = connect("b.localhost", SECRET, b);
        assertTrue(ca.awaitConnected(Duration.ofSeconds(5)) && cb.awaitConnected(Duration.ofSeconds(5)));
        String big = "x".repeat(ComponentSpec.DEFAULT_MAX_STANZA_BYTES + 1000);
        ca.send(Stanza.iq("set", Jid.of("big@a.localhost"), Jid.of("b.localhost"), "big1",
                XmlElement.builder("blob", "urn:example:blob").text(big).build()));
        ca.send(message("small@a.localhost", "b.localhost", "after"));
        Stanza err = a.next();
        assertEquals("big1", err.id());
        assertEquals(StanzaError.POLICY_VIOLATION, err.errorCondition());
        Stanza after = b.next();
        assertEquals("after", after.element().childText("body", after.element().namespace()));
        assertEquals(1, cb.stats().oversized.get());
    }

    @Test void aSecondConnectionForADomainGetsIn() throws Exception {
        Inbox a = new Inbox(), a2 = new Inbox();
        ComponentConnection ca = connect("a.localhost", SECRET, a);
        assertTrue(ca.awaitConnected(Duration.ofSeconds(5)));
        ComponentConnection dup = connect("a.localhost", SECRET, a2);
        assertTrue(dup.awaitConnected(Duration.ofSeconds(5)), "Prosody (component_conflict_resolve = kick_old) lets the newest in");
    }

    /** A guard the test turns by hand. */
    static final class Switch implements DomainGuard {
        volatile boolean connect, act = true;
        @Override public boolean mayConnect() { return connect; }
        @Override public boolean awaitMayAct() { return act; }
        @Override public void replaced() { connect = false; }
    }

    @Test void aGuardedConnectionHoldsTheDomainOnlyWhenItsGuardSaysSo() throws Exception {
        Inbox a = new Inbox(), b = new Inbox();
        Switch guard = new Switch();
        ComponentConnection ca = transport().connect(ComponentSpec.of("127.0.0.1", prosody.componentPort(), "a.localhost", SECRET, "localhost")
                .withPing(Duration.ofMillis(500), Duration.ofMillis(1000)).withGuard(guard), a);
        open.add(ca);
        ComponentConnection cb = connect("b.localhost", SECRET, b);
        assertTrue(cb.awaitConnected(Duration.ofSeconds(5)));
        assertFalse(ca.awaitConnected(Duration.ofMillis(800)), "no connection while another process holds the domain");
        guard.connect = true;
        assertTrue(ca.awaitConnected(Duration.ofSeconds(5)));
        cb.send(message("y@b.localhost", "a.localhost", "held"));
        assertEquals("held", a.next().element().childText("body", Stanza.COMPONENT_NS));
        guard.act = false; // the domain moved while this process was paused
        cb.send(message("y@b.localhost", "a.localhost", "not for us"));
        ca.send(message("x@a.localhost", "b.localhost", "stale"));
        assertTrue(waitUntil(() -> ca.stats().fenced.get() >= 2, Duration.ofSeconds(5)), "dropped both ways: " + ca.stats());
        assertNull(a.stanzas.poll(300, TimeUnit.MILLISECONDS));
        assertNull(b.stanzas.poll(300, TimeUnit.MILLISECONDS), "nothing written for a domain that is not ours");
        guard.connect = false;
        ca.release("lease lost");
        assertTrue(waitUntil(() -> !ca.isConnected(), Duration.ofSeconds(5)), "released at once");
        assertFalse(ca.awaitConnected(Duration.ofMillis(800)), "and stays out while the guard says so");
    }

    @Test void reconnectsWithinTwoSecondsOfProsodyComingBack() throws Exception {
        Inbox a = new Inbox(), b = new Inbox();
        ComponentConnection ca = connect("a.localhost", SECRET, a);
        ComponentConnection cb = connect("b.localhost", SECRET, b);
        assertTrue(ca.awaitConnected(Duration.ofSeconds(5)) && cb.awaitConnected(Duration.ofSeconds(5)));
        a.events.clear();
        prosody.restart(Duration.ofSeconds(30));
        long back = System.nanoTime();
        assertTrue(waitUntil(() -> ca.isConnected() && cb.isConnected() && a.events.contains("disconnected"), Duration.ofSeconds(2)),
                "both components reconnected within 2 s of Prosody accepting connections again");
        long ms = (System.nanoTime() - back) / 1_000_000;
        System.out.println(transport().name() + " reconnected " + ms + " ms after Prosody came back");
        ca.send(message("x@a.localhost", "b.localhost", "after restart"));
        assertEquals("after restart", b.next().element().childText("body", Stanza.COMPONENT_NS));
    }

    static boolean waitUntil(java.util.function.BooleanSupplier cond, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (cond.getAsBoolean()) return true;
            Thread.sleep(20);
        }
        return cond.getAsBoolean();
    }
}
