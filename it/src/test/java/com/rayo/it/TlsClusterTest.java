package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/** The whole cluster with every component link over TLS to Prosody: calls go through as on plaintext links. */
class TlsClusterTest {
    @Test void theGatewayAndNodesServeOverTlsLinks() throws Exception {
        try (LocalCluster cluster = LocalCluster.startWithTls(2)) {
            assertNotNull(cluster.gateway().config().xmppTls(), "the gateway's links are TLS");
            assertTrue(cluster.gateway().isConnected());
            RayoClient app = cluster.client("demo", "tls");
            RayoCall call = app.dial("sip:over-tls@example.com", null);
            assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, Duration.ofSeconds(10)), "dial, ref and events through TLS links on both sides");
            call.hangup();
            assertNotNull(call.await(End.class, Duration.ofSeconds(10)));
        }
    }
}
