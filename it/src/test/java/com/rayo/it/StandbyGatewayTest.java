package com.rayo.it;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.rayo.cli.LocalCluster;
import com.rayo.client.RayoCall;
import com.rayo.client.RayoClient;
import com.rayo.client.RayoException;
import com.rayo.gateway.Gateway;
import com.rayo.protocol.rayo.End;
import com.rayo.protocol.rayo.Signal;

/**
 * Two gateways with the same domains: the one holding the lease in Cassandra connects, the other
 * stands by. kill -9 of the holding gateway (a process of its own) lets the lease expire and the
 * standby in; it reloads the state the holder wrote to Cassandra, so a call made through the
 * holder is still controllable by its owner. The same on Debian's ejabberd, which accepts several
 * connections for a domain: there the lease alone keeps the standby out.
 */
class StandbyGatewayTest {
    static final Duration WAIT = Duration.ofSeconds(10);

    /** Dials until a gateway process has started, connected and learned the node, then hangs up. */
    static void awaitServed(RayoClient app, java.nio.file.Path processLog) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                app.dial("sip:probe@example.com", null).hangup();
                return;
            } catch (RayoException notYet) {
                if (System.nanoTime() > deadline) {
                    String log = java.nio.file.Files.exists(processLog) ? java.nio.file.Files.readString(processLog) : "(no log)";
                    throw new AssertionError("the gateway process never served a dial: " + notYet.getMessage() + "\n" + log, notYet);
                }
                Thread.sleep(200);
            }
        }
    }

    @ParameterizedTest(name = "on {0}") @ValueSource(strings = { "prosody", "ejabberd" })
    void theStandbyTakesOverWhenTheHolderIsKilledAndItsCallsStayControllable(String server) throws Exception {
        try (LocalCluster cluster = server.equals("ejabberd") ? LocalCluster.startOnEjabberd(1, "") : LocalCluster.start(1, "native", "", "")) {
            cluster.gateway().close(); // the holder is a process, so that it can be killed for real
            Process holder = cluster.startGatewayProcess("gw-holder", "");
            RayoClient app = cluster.client("demo", "standby");
            awaitServed(app, cluster.dir().resolve("gateway-gw-holder.log"));
            // The standby starts before the call exists: it can only know it by reloading at takeover.
            try (Gateway standby = new Gateway(cluster.gatewayConfig("rayo.gateway.id = gw-standby\n"))) {
                RayoCall call = app.dial("sip:before@example.com", null);
                assertNotNull(call.awaitSignal(Signal.Type.ANSWERED, WAIT), "a call through the holder");
                Thread.sleep(1500); // the holder's write-behind has stored the call by now
                assertFalse(standby.isConnected(), "one gateway holds the domains at a time");
                long killed = System.nanoTime();
                holder.destroyForcibly(); // kill -9
                ClusterTest.eventually("the standby holds both domains", standby::isConnected, Duration.ofSeconds(5));
                System.out.printf("takeover after kill -9 on %s: %d ms%n", server, (System.nanoTime() - killed) / 1_000_000);
                call.hangup();
                End end = call.await(End.class, WAIT);
                assertNotNull(end, "the owner still controls its call through the new holder");
                assertEquals(End.Reason.HANGUP_COMMAND, end.reason());
                RayoCall next = app.dial("sip:after@example.com", null);
                assertNotNull(next.awaitSignal(Signal.Type.ANSWERED, WAIT), "new calls through the new holder");
                next.hangup();
                assertNotNull(next.await(End.class, WAIT));
            }
        }
    }
}
