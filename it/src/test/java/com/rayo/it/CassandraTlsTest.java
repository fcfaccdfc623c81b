package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.datastax.oss.driver.api.core.CqlSession;
import com.rayo.cassandra.embedded.EmbeddedCassandra;
import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.gateway.Gateway;
import com.rayo.protocol.rayo.Signal;
import com.rayo.testkit.Ports;
import com.rayo.testkit.SelfSignedKey;
import com.rayo.testkit.WorkDirs;

/**
 * The gateway's link to Cassandra over TLS, against a real node (the embedded one) that takes TLS
 * clients only: the gateway, trusting the node's key, migrates its keyspace, routes and stores its
 * calls; a plain client is turned away.
 */
class CassandraTlsTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    @Test void theGatewayStoresItsCallsOverTlsAndAPlainClientIsTurnedAway() throws Exception {
        Path dir = Files.createTempDirectory("rayo-cassandra-tls");
        Path keystore = dir.resolve("node.p12");
        SelfSignedKey.make(keystore, "node-secret", "cassandra", 30);
        int cql = Ports.free();
        EmbeddedCassandra node = new EmbeddedCassandra(dir.resolve("node"), cql, Ports.free()).withClientTls(keystore, "node-secret");
        try {
            node.start(Duration.ofSeconds(240));
            assertThrows(RuntimeException.class, () -> {
                try (CqlSession plain = CqlSession.builder().addContactPoint(new InetSocketAddress("127.0.0.1", cql)).withLocalDatacenter("datacenter1").build()) {
                    plain.execute("SELECT release_version FROM system.local");
                }
            }, "a client speaking plain CQL gets nowhere");
            try (LocalCluster cluster = LocalCluster.start(1, "native", "", "")) {
                cluster.gateway().close();
                try (Gateway gw = new Gateway(cluster.gatewayConfig("rayo.gateway.id = gw-tls\n"
                        + "rayo.gateway.store.contact-points = [\"127.0.0.1:" + cql + "\"]\n"
                        + "rayo.gateway.store.tls.truststore = \"" + keystore + "\"\n"
                        + "rayo.gateway.store.tls.truststore-password = \"node-secret\"\n"))) {
                    assertTrue(gw.awaitConnected(WAIT), "the gateway reached Cassandra over TLS and took its domains");
                    RayoClient app = cluster.client("demo", "tls");
                    RayoCall call = app.dial("sip:tls@example.com", null);
                    assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT));
                    assertTrue(gw.writes().awaitDrained(WAIT));
                    assertEquals("active", gw.store().call(call.id()).orElseThrow().state(), "the call is stored on the TLS-only node");
                    call.hangup();
                }
            }
        } finally {
            node.stop();
            WorkDirs.delete(dir);
        }
    }
}
