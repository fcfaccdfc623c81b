package com.rayo.component;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.rayo.protocol.Jid;
import com.rayo.protocol.Stanza;
import com.rayo.protocol.xml.XmlElement;
import com.rayo.testkit.EjabberdServer;
import com.rayo.testkit.Ports;
import com.rayo.testkit.ProsodyServer;

/**
 * Component links over direct TLS to a real Prosody 0.12: stanzas flow encrypted between two
 * components, and a server whose certificate is not the trusted one is never talked to.
 */
class ComponentTlsTest {
    @Test void componentsTalkOverTlsAndAnUntrustedServerIsRefused() throws Exception {
        Path dir = Files.createTempDirectory("prosody-tls-");
        ProsodyServer prosody = new ProsodyServer(dir, "localhost", Ports.free(), Ports.free()).componentTls(Ports.free());
        prosody.component("a.localhost", "tls-secret").component("b.localhost", "tls-secret");
        prosody.start(Duration.ofSeconds(30));
        ComponentTransport t = ComponentTransport.byName("native");
        TlsTrust trust = TlsTrust.of(prosody.certificate());
        ComponentConnection a = null, b = null, stranger = null;
        try {
            a = t.connect(ComponentSpec.of("127.0.0.1", prosody.componentPort(), "a.localhost", "tls-secret", "localhost")
                    .withTls(prosody.componentTlsPort(), trust), s -> { });
            b = assertStanzaFlowsTo(a, inbox -> t.connect(ComponentSpec.of("127.0.0.1", prosody.componentPort(), "b.localhost", "tls-secret", "localhost")
                    .withTls(prosody.componentTlsPort(), trust), inbox::add));

            // Another certificate: the handshake fails, nothing is sent, and the connection keeps refusing.
            Path other = dir.resolve("other.crt");
            assertEquals(0, new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", dir.resolve("other.key").toString(), "-out", other.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor());
            stranger = t.connect(ComponentSpec.of("127.0.0.1", prosody.componentPort(), "a.localhost", "tls-secret", "localhost")
                    .withTls(prosody.componentTlsPort(), TlsTrust.of(other)), s -> { });
            assertFalse(stranger.awaitConnected(Duration.ofSeconds(3)), "a server with another certificate is not trusted");
            assertThrows(IllegalArgumentException.class, () -> TlsTrust.of(dir.resolve("missing.crt")));
            assertThrows(IllegalArgumentException.class, () -> ComponentTransport.byName("whack").connect(ComponentSpec.of("127.0.0.1",
                    prosody.componentPort(), "a.localhost", "tls-secret", "localhost").withTls(prosody.componentTlsPort(), trust), s -> { }),
                    "the whack transport says it has no TLS");
        } finally {
            for (ComponentConnection c : new ComponentConnection[] {a, b, stranger}) if (c != null) c.close();
            prosody.destroy();
        }
    }

    /** ejabberd 23.01 offers TLS on a component listener too ({@code tls: true}): the same native transport uses it, and plaintext gets nowhere. */
    @Test void onEjabberdTheComponentListenerSpeaksTlsOnly() throws Exception {
        Path dir = Files.createTempDirectory("ejabberd-tls-");
        int portA = Ports.free(), portB = Ports.free();
        EjabberdServer ejabberd = new EjabberdServer(dir, "localhost", Ports.free())
                .component("a.localhost", "tls-secret", portA).component("b.localhost", "tls-secret", portB).componentTls();
        ejabberd.start(Duration.ofSeconds(60));
        ComponentTransport t = ComponentTransport.byName("native");
        TlsTrust trust = TlsTrust.of(ejabberd.certificate());
        ComponentConnection a = null, b = null, plain = null;
        try {
            a = t.connect(ComponentSpec.of("127.0.0.1", portA, "a.localhost", "tls-secret", "localhost").withTls(portA, trust), s -> { });
            b = assertStanzaFlowsTo(a, inbox -> t.connect(ComponentSpec.of("127.0.0.1", portB, "b.localhost", "tls-secret", "localhost").withTls(portB, trust), inbox::add));
            a.close();
            a = null;
            plain = t.connect(ComponentSpec.of("127.0.0.1", portA, "a.localhost", "tls-secret", "localhost"), s -> { });
            assertFalse(plain.awaitConnected(Duration.ofSeconds(3)), "a plaintext component is not let in");
        } finally {
            for (ComponentConnection c : new ComponentConnection[] {a, b, plain}) if (c != null) c.close();
            ejabberd.destroy();
        }
    }

    /** Connects b (its stanzas into an inbox), waits for both handshakes, and checks a stanza from a reaches b; returns b. */
    static ComponentConnection assertStanzaFlowsTo(ComponentConnection a, Connect b) throws Exception {
        LinkedBlockingQueue<Stanza> inbox = new LinkedBlockingQueue<>();
        ComponentConnection to = b.connect(inbox);
        assertTrue(a.awaitConnected(Duration.ofSeconds(10)) && to.awaitConnected(Duration.ofSeconds(10)), "both handshakes over TLS");
        a.send(new Stanza(XmlElement.builder("message", Stanza.COMPONENT_NS).attr("from", "x@a.localhost").attr("to", "y@b.localhost")
                .textChild("body", "over tls").build()));
        Stanza got = inbox.poll(5, TimeUnit.SECONDS);
        assertNotNull(got, "a stanza from a to b through the server, both links encrypted");
        assertEquals(Jid.of("x@a.localhost"), got.from());
        return to;
    }

    interface Connect {
        ComponentConnection connect(LinkedBlockingQueue<Stanza> inbox) throws Exception;
    }
}
